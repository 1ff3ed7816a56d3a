
use builtin;
use str;

set edit:completion:arg-completer[altloom] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'altloom'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'altloom'= {
            cand --api-url 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]'
            cand --workspace 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (each file''s outcome)'
            cand --verbose 'Print more detail (each file''s outcome)'
            cand --no-progress 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand optimize 'Optimise images: smaller JPEG, PNG, WebP and AVIF files, width variants, sRGB, no clutter'
            cand alt 'Write alt text, titles, captions and descriptions with AI into altloom-meta.json; review, export and import them'
            cand push 'Upload images with their alt text, title, caption and description to WordPress sites; reruns upload nothing twice'
            cand sites 'Connect the workspace''s WordPress sites, and list, check or remove them'
            cand wp 'Work on a WordPress site''s media library: fill in missing alt text, apply a review file'
            cand restore 'Put originals back from an `--in-place --backup DIR` run'
            cand signup 'Create an account and its first workspace, and log in'
            cand login 'Log in to the account server (password, --device in a browser, or --with-token for CI)'
            cand logout 'Log out: revoke this machine''s token and forget it'
            cand whoami 'Show who the current token acts as, and where'
            cand workspaces 'List, switch, create and share workspaces'
            cand tokens 'Create, list and revoke workspace tokens (for CI)'
            cand jobs 'Show the job history of the current workspace'
            cand usage 'Show the workspace''s plan, AI credits left this period, sites and members'
            cand billing 'Subscribe to a paid plan, or manage the subscription, on Stripe''s pages'
            cand account 'Export or delete your account and its data'
            cand init 'Write ./altloom.toml for this project: formats, widths, quality, sites, alt text language'
            cand config 'Inspect configuration'
            cand completions 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
            cand man 'Print the manual page (roff): `altloom man | man -l -`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'altloom;optimize'= {
            cand -o 'Folder for the outputs, mirroring the input tree [default: ./altloom-out]'
            cand --out 'Folder for the outputs, mirroring the input tree [default: ./altloom-out]'
            cand --backup 'With --in-place: copy each original here first; `altloom restore --backup DIR` undoes'
            cand -f 'Output formats, comma-separated: original, jpeg, png, webp, avif; or auto alone (the smallest of --allow at the quality target, per variant) [default: original]'
            cand --formats 'Output formats, comma-separated: original, jpeg, png, webp, avif; or auto alone (the smallest of --allow at the quality target, per variant) [default: original]'
            cand --allow 'The candidates of --formats auto, comma-separated [default: jpeg,webp]'
            cand --quality 'Quality: web, high, max-savings, 1-100, or per format (jpeg=80,webp=75) [default: web]'
            cand --target 'Perceptual target each JPEG and WebP output is searched to meet: auto (the quality preset''s), off (fixed settings), or METRIC:VALUE such as dssim:0.0012 or ssimulacra2:80 [default: auto]'
            cand --chroma 'JPEG chroma subsampling: 420 or 444 [default: 420]'
            cand -w 'Widths of responsive variants, comma-separated (never upscaled)'
            cand --widths 'Widths of responsive variants, comma-separated (never upscaled)'
            cand --name-template 'File name of width variants [default: {stem}-{width}w.{ext}]'
            cand --keep-metadata 'Metadata to keep [default: none]'
            cand --max-pixels 'Refuse images with more pixels than this, before decoding [default: 100000000]'
            cand --memory-budget-mb 'Estimated working memory of the images in flight, in MiB [default: 200 per worker, at least 400]'
            cand --timeout 'Give up on a file after this many seconds; 0 never [default: 300]'
            cand --avif-speed 'AVIF encoder speed from 1 (slow, small) to 10 (fast) [default: 6]'
            cand --include 'Only files matching this glob (repeatable)'
            cand --exclude 'Skip files matching this glob (repeatable)'
            cand -j 'Files processed in parallel [default: one per core]'
            cand --jobs 'Files processed in parallel [default: one per core]'
            cand --shard 'Handle only part K of N (1/4 to 4/4), split by each file''s path, so N runners share one batch; auto/N takes K from JOB_COMPLETION_INDEX (a Kubernetes Indexed Job)'
            cand --report 'Also write the machine-readable report to this file'
            cand --check-threshold 'With --check: the saving that fails a file, as 15% or 15 [default: 10%]'
            cand --lang 'Language of the text, BCP 47 (en, pt-BR, de) [default: en]'
            cand --keywords 'Words to use where they are true to the image, comma-separated (never forced)'
            cand --context 'Where the images appear (the page, the product), so the text fits its purpose'
            cand --max-chars 'Longest alt text, in characters [default: 125]'
            cand --fields 'Fields to write, comma-separated: alt, title, caption, description [default: all four]'
            cand --provider 'Who writes the text [default: altloom]'
            cand --base-url 'With --provider openai-compatible: the API base URL, such as http://127.0.0.1:11434/v1'
            cand --model 'With --provider openai-compatible: the model to call'
            cand --concurrency 'Images described at once, 1-32 [default: 4]'
            cand --site 'The workspace''s sites, by name, comma-separated (see `altloom sites list`)'
            cand --wp-url 'Without an account: the site''s address (the Application Password comes from ALTLOOM_WP_APP_PASSWORD)'
            cand --wp-user 'Without an account: the WordPress user the Application Password belongs to'
            cand --push-concurrency 'Uploads to one site at once [default: 4]'
            cand --api-url 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]'
            cand --workspace 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]'
            cand --in-place 'Replace the originals (needs --backup DIR or --no-backup)'
            cand --no-backup 'With --in-place: replace originals without keeping a copy'
            cand --png-lossy 'Quantise PNGs to a palette (like pngquant) when the result meets the quality floor'
            cand --no-original-size 'Write only the width variants, not the full-size output'
            cand --keep-icc 'Embed the original ICC profile instead of converting the pixels to sRGB'
            cand --skip-larger 'Do not write converted outputs that are larger than the same-format output'
            cand --no-ignore 'Do not honour .gitignore and .ignore files'
            cand --force 'Redo every file, even when the cache says its outputs are current'
            cand --json 'Print the machine-readable report to stdout instead of the summary'
            cand --dry-run 'List what would be written; write nothing'
            cand --check 'CI gate: write nothing, and exit 1 naming each file that could be more than --check-threshold smaller, or that breaks a [[check.budget]] of altloom.toml'
            cand --no-report-job 'Do not report this run to the workspace''s job history (setting: report-jobs)'
            cand --report-paths 'Include file paths in the job report (by default only counts, sizes and reasons)'
            cand --alt 'Also write AI alt text, titles, captions and descriptions into OUT/altloom-meta.json'
            cand --overwrite 'Replace existing text, even text a person wrote or reviewed'
            cand --refresh 'Ask the model again even when an earlier answer is cached (costs credits)'
            cand --allow-partial 'When the credits left do not cover every image, describe as many as they do'
            cand --push 'Then upload each image''s best full-size output, with its metadata, to WordPress'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (each file''s outcome)'
            cand --verbose 'Print more detail (each file''s outcome)'
            cand --no-progress 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'altloom;alt'= {
            cand --meta 'The metadata file [default: ./altloom-meta.json]'
            cand --include 'Only files matching this glob (repeatable)'
            cand --exclude 'Skip files matching this glob (repeatable)'
            cand --shard 'Describe only part K of N of the images (1/4 to 4/4), split by path as `optimize --shard` splits them; auto/N takes K from JOB_COMPLETION_INDEX'
            cand --lang 'Language of the text, BCP 47 (en, pt-BR, de) [default: en]'
            cand --keywords 'Words to use where they are true to the image, comma-separated (never forced)'
            cand --context 'Where the images appear (the page, the product), so the text fits its purpose'
            cand --max-chars 'Longest alt text, in characters [default: 125]'
            cand --fields 'Fields to write, comma-separated: alt, title, caption, description [default: all four]'
            cand --provider 'Who writes the text [default: altloom]'
            cand --base-url 'With --provider openai-compatible: the API base URL, such as http://127.0.0.1:11434/v1'
            cand --model 'With --provider openai-compatible: the model to call'
            cand --concurrency 'Images described at once, 1-32 [default: 4]'
            cand --api-url 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]'
            cand --workspace 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]'
            cand --review 'Walk the entries: accept, edit, skip or mark each decorative (after describing PATHS)'
            cand --all 'With --review: also the entries already reviewed'
            cand --overwrite 'Replace existing text, even text a person wrote or reviewed'
            cand --refresh 'Ask the model again even when an earlier answer is cached (costs credits)'
            cand --allow-partial 'When the credits left do not cover every image, describe as many as they do'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (each file''s outcome)'
            cand --verbose 'Print more detail (each file''s outcome)'
            cand --no-progress 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand export 'Write the metadata as a CSV spreadsheet, for review outside the terminal'
            cand import 'Read an edited CSV back: changed rows become human-written and reviewed'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'altloom;alt;export'= {
            cand --csv 'The CSV file to write (`-` for stdout)'
            cand --meta 'The metadata file [default: ./altloom-meta.json]'
            cand --api-url 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]'
            cand --workspace 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (each file''s outcome)'
            cand --verbose 'Print more detail (each file''s outcome)'
            cand --no-progress 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'altloom;alt;import'= {
            cand --meta 'The metadata file [default: ./altloom-meta.json]'
            cand --api-url 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]'
            cand --workspace 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (each file''s outcome)'
            cand --verbose 'Print more detail (each file''s outcome)'
            cand --no-progress 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'altloom;alt;help'= {
            cand export 'Write the metadata as a CSV spreadsheet, for review outside the terminal'
            cand import 'Read an edited CSV back: changed rows become human-written and reviewed'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'altloom;alt;help;export'= {
        }
        &'altloom;alt;help;import'= {
        }
        &'altloom;alt;help;help'= {
        }
        &'altloom;push'= {
            cand --report 'Upload the outputs of an `altloom optimize --report FILE` run (the best full-size format each site accepts)'
            cand --meta 'The metadata file [default: altloom-meta.json in the output folder of --report, in a folder given as PATH, or in the current folder]'
            cand --site 'The workspace''s sites, by name, comma-separated (see `altloom sites list`)'
            cand --wp-url 'Without an account: the site''s address (the Application Password comes from ALTLOOM_WP_APP_PASSWORD)'
            cand --wp-user 'Without an account: the WordPress user the Application Password belongs to'
            cand --concurrency 'Uploads to one site at once [default: 4]'
            cand --shard 'With PATHS: upload only part K of N of the files (1/4 to 4/4), split by path as `optimize --shard` splits them; auto/N takes K from JOB_COMPLETION_INDEX'
            cand --api-url 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]'
            cand --workspace 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]'
            cand --dry-run 'Show what would be uploaded or updated, and change nothing'
            cand --json 'Print the outcome as JSON on stdout'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (each file''s outcome)'
            cand --verbose 'Print more detail (each file''s outcome)'
            cand --no-progress 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'altloom;sites'= {
            cand --api-url 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]'
            cand --workspace 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (each file''s outcome)'
            cand --verbose 'Print more detail (each file''s outcome)'
            cand --no-progress 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand add 'Connect a site: the server checks the user can upload media, then keeps the Application Password encrypted. The password is asked for (or read from stdin), never a flag'
            cand list 'List the workspace''s sites'
            cand test 'Check a site''s stored credentials against the site again'
            cand remove 'Forget a site''s credentials and its push ledger (nothing on the site is deleted)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'altloom;sites;add'= {
            cand --url 'The site''s address, such as https://example.com'
            cand --user 'The WordPress user the Application Password belongs to'
            cand --api-url 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]'
            cand --workspace 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (each file''s outcome)'
            cand --verbose 'Print more detail (each file''s outcome)'
            cand --no-progress 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'altloom;sites;list'= {
            cand --api-url 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]'
            cand --workspace 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]'
            cand --json 'json'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (each file''s outcome)'
            cand --verbose 'Print more detail (each file''s outcome)'
            cand --no-progress 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'altloom;sites;test'= {
            cand --api-url 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]'
            cand --workspace 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (each file''s outcome)'
            cand --verbose 'Print more detail (each file''s outcome)'
            cand --no-progress 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'altloom;sites;remove'= {
            cand --api-url 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]'
            cand --workspace 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]'
            cand --yes 'Do not ask for confirmation (needed when stdin is not a terminal)'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (each file''s outcome)'
            cand --verbose 'Print more detail (each file''s outcome)'
            cand --no-progress 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'altloom;sites;help'= {
            cand add 'Connect a site: the server checks the user can upload media, then keeps the Application Password encrypted. The password is asked for (or read from stdin), never a flag'
            cand list 'List the workspace''s sites'
            cand test 'Check a site''s stored credentials against the site again'
            cand remove 'Forget a site''s credentials and its push ledger (nothing on the site is deleted)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'altloom;sites;help;add'= {
        }
        &'altloom;sites;help;list'= {
        }
        &'altloom;sites;help;test'= {
        }
        &'altloom;sites;help;remove'= {
        }
        &'altloom;sites;help;help'= {
        }
        &'altloom;wp'= {
            cand --api-url 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]'
            cand --workspace 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (each file''s outcome)'
            cand --verbose 'Print more detail (each file''s outcome)'
            cand --no-progress 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand fill-alt 'Describe the images of a site''s media library that have no alt text and write the text to them (only into empty fields, unless --overwrite), or into a review file (--review)'
            cand apply 'Write a review file of `wp fill-alt --review` to its site; text that appeared on the site since is kept and reported (unless --overwrite)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'altloom;wp;fill-alt'= {
            cand --site 'The workspace''s sites, by name, comma-separated (see `altloom sites list`)'
            cand --wp-url 'Without an account: the site''s address (the Application Password comes from ALTLOOM_WP_APP_PASSWORD)'
            cand --wp-user 'Without an account: the WordPress user the Application Password belongs to'
            cand --limit 'Describe at most N images (the oldest first); a rerun picks up the rest'
            cand --since 'Only images uploaded on or after DATE (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS, the site''s time)'
            cand --review 'Write the text into a review file (.csv or .json) instead of the site, for `altloom wp apply FILE` [default FILE: altloom-review.csv]'
            cand --lang 'Language of the text, BCP 47 (en, pt-BR, de) [default: en]'
            cand --keywords 'Words to use where they are true to the image, comma-separated (never forced)'
            cand --context 'Where the images appear (the page, the product), so the text fits its purpose'
            cand --max-chars 'Longest alt text, in characters [default: 125]'
            cand --fields 'Fields to write, comma-separated: alt, title, caption, description [default: all four]'
            cand --provider 'Who writes the text [default: altloom]'
            cand --base-url 'With --provider openai-compatible: the API base URL, such as http://127.0.0.1:11434/v1'
            cand --model 'With --provider openai-compatible: the model to call'
            cand --concurrency 'Images described at once, 1-32 [default: 4]'
            cand --api-url 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]'
            cand --workspace 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]'
            cand --dry-run 'List the images that would be described; change nothing and spend nothing'
            cand --overwrite 'Replace existing text, even text a person wrote or reviewed'
            cand --refresh 'Ask the model again even when an earlier answer is cached (costs credits)'
            cand --allow-partial 'When the credits left do not cover every image, describe as many as they do'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (each file''s outcome)'
            cand --verbose 'Print more detail (each file''s outcome)'
            cand --no-progress 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'altloom;wp;apply'= {
            cand --site 'The workspace''s site to write to [default: the site the file names]'
            cand --wp-url 'Without an account: the site''s address [default: the one the file names] (the Application Password comes from ALTLOOM_WP_APP_PASSWORD)'
            cand --wp-user 'Without an account: the WordPress user the Application Password belongs to'
            cand --api-url 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]'
            cand --workspace 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]'
            cand --overwrite 'Replace text on the site that differs from the file''s (a person''s, or added since)'
            cand --dry-run 'Show what would be written; change nothing'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (each file''s outcome)'
            cand --verbose 'Print more detail (each file''s outcome)'
            cand --no-progress 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'altloom;wp;help'= {
            cand fill-alt 'Describe the images of a site''s media library that have no alt text and write the text to them (only into empty fields, unless --overwrite), or into a review file (--review)'
            cand apply 'Write a review file of `wp fill-alt --review` to its site; text that appeared on the site since is kept and reported (unless --overwrite)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'altloom;wp;help;fill-alt'= {
        }
        &'altloom;wp;help;apply'= {
        }
        &'altloom;wp;help;help'= {
        }
        &'altloom;restore'= {
            cand --backup 'The backup folder given to `optimize --in-place --backup`'
            cand --api-url 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]'
            cand --workspace 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (each file''s outcome)'
            cand --verbose 'Print more detail (each file''s outcome)'
            cand --no-progress 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'altloom;signup'= {
            cand --name 'Your name [prompted when missing]'
            cand --email 'Your email address [prompted when missing]'
            cand --workspace-name 'The name of your first workspace [prompted when missing]'
            cand --token-name 'Name of this machine''s token [default: altloom CLI on HOSTNAME]'
            cand --api-url 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]'
            cand --workspace 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]'
            cand --password-stdin 'Read the password from the first line of stdin instead of prompting'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (each file''s outcome)'
            cand --verbose 'Print more detail (each file''s outcome)'
            cand --no-progress 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'altloom;login'= {
            cand --email 'Your email address [prompted when missing]'
            cand --token-name 'Name of this machine''s token [default: altloom CLI on HOSTNAME]'
            cand --api-url 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]'
            cand --workspace 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]'
            cand --password-stdin 'Read the password from the first line of stdin instead of prompting'
            cand --with-token 'Read an API token from stdin (for CI), check it with the server and store it'
            cand --device 'Log in by approving a code in a browser where you are logged in'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (each file''s outcome)'
            cand --verbose 'Print more detail (each file''s outcome)'
            cand --no-progress 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'altloom;logout'= {
            cand --api-url 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]'
            cand --workspace 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (each file''s outcome)'
            cand --verbose 'Print more detail (each file''s outcome)'
            cand --no-progress 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'altloom;whoami'= {
            cand --api-url 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]'
            cand --workspace 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]'
            cand --json 'Print the server''s answer as JSON'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (each file''s outcome)'
            cand --verbose 'Print more detail (each file''s outcome)'
            cand --no-progress 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'altloom;workspaces'= {
            cand --api-url 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]'
            cand --workspace 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (each file''s outcome)'
            cand --verbose 'Print more detail (each file''s outcome)'
            cand --no-progress 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List the workspaces you can act in; `*` marks the current one'
            cand switch 'Make a workspace the current one, by id or name'
            cand create 'Create a workspace (you become its owner)'
            cand members 'List the members of the current workspace'
            cand invite 'Invite someone to the current workspace: prints a link to send them'
            cand join 'Accept an invite: paste the link (or the token after its `#`) when asked, or pipe it to stdin. It is never taken as an argument, where process listings and shell history keep it'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'altloom;workspaces;list'= {
            cand --api-url 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]'
            cand --workspace 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]'
            cand --json 'Print JSON'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (each file''s outcome)'
            cand --verbose 'Print more detail (each file''s outcome)'
            cand --no-progress 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'altloom;workspaces;switch'= {
            cand --api-url 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]'
            cand --workspace 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (each file''s outcome)'
            cand --verbose 'Print more detail (each file''s outcome)'
            cand --no-progress 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'altloom;workspaces;create'= {
            cand --api-url 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]'
            cand --workspace 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (each file''s outcome)'
            cand --verbose 'Print more detail (each file''s outcome)'
            cand --no-progress 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'altloom;workspaces;members'= {
            cand --api-url 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]'
            cand --workspace 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]'
            cand --json 'Print JSON'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (each file''s outcome)'
            cand --verbose 'Print more detail (each file''s outcome)'
            cand --no-progress 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'altloom;workspaces;invite'= {
            cand --role 'The role the invitee gets'
            cand --expires-in-days 'Days the link stays valid (at most 30) [default: 7]'
            cand --api-url 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]'
            cand --workspace 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (each file''s outcome)'
            cand --verbose 'Print more detail (each file''s outcome)'
            cand --no-progress 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'altloom;workspaces;join'= {
            cand --api-url 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]'
            cand --workspace 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (each file''s outcome)'
            cand --verbose 'Print more detail (each file''s outcome)'
            cand --no-progress 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'altloom;workspaces;help'= {
            cand list 'List the workspaces you can act in; `*` marks the current one'
            cand switch 'Make a workspace the current one, by id or name'
            cand create 'Create a workspace (you become its owner)'
            cand members 'List the members of the current workspace'
            cand invite 'Invite someone to the current workspace: prints a link to send them'
            cand join 'Accept an invite: paste the link (or the token after its `#`) when asked, or pipe it to stdin. It is never taken as an argument, where process listings and shell history keep it'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'altloom;workspaces;help;list'= {
        }
        &'altloom;workspaces;help;switch'= {
        }
        &'altloom;workspaces;help;create'= {
        }
        &'altloom;workspaces;help;members'= {
        }
        &'altloom;workspaces;help;invite'= {
        }
        &'altloom;workspaces;help;join'= {
        }
        &'altloom;workspaces;help;help'= {
        }
        &'altloom;tokens'= {
            cand --api-url 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]'
            cand --workspace 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (each file''s outcome)'
            cand --verbose 'Print more detail (each file''s outcome)'
            cand --no-progress 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand create 'Create a workspace token; it is printed once, on stdout'
            cand list 'List the tokens of the current workspace'
            cand revoke 'Revoke a token, by id or name; it stops working at once'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'altloom;tokens;create'= {
            cand --scopes 'What it may do, comma-separated: jobs, alt_text, push, admin [default: jobs,alt_text,push]'
            cand --expires-in-days 'Days until it expires [default: never]'
            cand --api-url 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]'
            cand --workspace 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (each file''s outcome)'
            cand --verbose 'Print more detail (each file''s outcome)'
            cand --no-progress 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'altloom;tokens;list'= {
            cand --api-url 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]'
            cand --workspace 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]'
            cand --json 'Print JSON'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (each file''s outcome)'
            cand --verbose 'Print more detail (each file''s outcome)'
            cand --no-progress 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'altloom;tokens;revoke'= {
            cand --api-url 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]'
            cand --workspace 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (each file''s outcome)'
            cand --verbose 'Print more detail (each file''s outcome)'
            cand --no-progress 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'altloom;tokens;help'= {
            cand create 'Create a workspace token; it is printed once, on stdout'
            cand list 'List the tokens of the current workspace'
            cand revoke 'Revoke a token, by id or name; it stops working at once'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'altloom;tokens;help;create'= {
        }
        &'altloom;tokens;help;list'= {
        }
        &'altloom;tokens;help;revoke'= {
        }
        &'altloom;tokens;help;help'= {
        }
        &'altloom;jobs'= {
            cand --limit 'How many jobs to show, newest first'
            cand --before 'Show jobs older than this job id (for paging)'
            cand --api-url 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]'
            cand --workspace 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]'
            cand --json 'Print JSON'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (each file''s outcome)'
            cand --verbose 'Print more detail (each file''s outcome)'
            cand --no-progress 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'altloom;usage'= {
            cand --api-url 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]'
            cand --workspace 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]'
            cand --json 'Print JSON'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (each file''s outcome)'
            cand --verbose 'Print more detail (each file''s outcome)'
            cand --no-progress 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'altloom;billing'= {
            cand --api-url 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]'
            cand --workspace 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (each file''s outcome)'
            cand --verbose 'Print more detail (each file''s outcome)'
            cand --no-progress 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand upgrade 'Subscribe the current workspace to a paid plan: prints a Stripe Checkout link'
            cand portal 'Change plan, payment method or invoices, or cancel: prints a Stripe Customer Portal link'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'altloom;billing;upgrade'= {
            cand --api-url 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]'
            cand --workspace 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]'
            cand --no-browser 'Only print the link; do not open a browser'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (each file''s outcome)'
            cand --verbose 'Print more detail (each file''s outcome)'
            cand --no-progress 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'altloom;billing;portal'= {
            cand --api-url 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]'
            cand --workspace 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]'
            cand --no-browser 'Only print the link; do not open a browser'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (each file''s outcome)'
            cand --verbose 'Print more detail (each file''s outcome)'
            cand --no-progress 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'altloom;billing;help'= {
            cand upgrade 'Subscribe the current workspace to a paid plan: prints a Stripe Checkout link'
            cand portal 'Change plan, payment method or invoices, or cancel: prints a Stripe Customer Portal link'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'altloom;billing;help;upgrade'= {
        }
        &'altloom;billing;help;portal'= {
        }
        &'altloom;billing;help;help'= {
        }
        &'altloom;account'= {
            cand --api-url 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]'
            cand --workspace 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (each file''s outcome)'
            cand --verbose 'Print more detail (each file''s outcome)'
            cand --no-progress 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand export 'Download everything the server holds about you, as JSON'
            cand delete 'Delete your account, your tokens, and the workspaces only you own'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'altloom;account;export'= {
            cand -o 'Write to this file (readable only by you) instead of stdout'
            cand --output 'Write to this file (readable only by you) instead of stdout'
            cand --api-url 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]'
            cand --workspace 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (each file''s outcome)'
            cand --verbose 'Print more detail (each file''s outcome)'
            cand --no-progress 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'altloom;account;delete'= {
            cand --api-url 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]'
            cand --workspace 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]'
            cand --yes 'Do not ask for confirmation (needed when stdin is not a terminal)'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (each file''s outcome)'
            cand --verbose 'Print more detail (each file''s outcome)'
            cand --no-progress 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'altloom;account;help'= {
            cand export 'Download everything the server holds about you, as JSON'
            cand delete 'Delete your account, your tokens, and the workspaces only you own'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'altloom;account;help;export'= {
        }
        &'altloom;account;help;delete'= {
        }
        &'altloom;account;help;help'= {
        }
        &'altloom;init'= {
            cand --formats 'Output formats, comma-separated [suggested: original,webp]'
            cand --widths 'Widths of responsive variants, comma-separated, or none [suggested: none]'
            cand --quality 'Quality: web, high, max-savings, 1-100, or per format [suggested: web]'
            cand --site 'The workspace''s WordPress sites to push to, comma-separated [suggested: none]'
            cand --lang 'Language of the alt text [suggested: the one of LANG, else en]'
            cand --api-url 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]'
            cand --workspace 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]'
            cand -y 'Write the suggested settings, and those given as flags, without asking'
            cand --yes 'Write the suggested settings, and those given as flags, without asking'
            cand --force 'Replace an existing altloom.toml'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (each file''s outcome)'
            cand --verbose 'Print more detail (each file''s outcome)'
            cand --no-progress 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'altloom;config'= {
            cand --api-url 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]'
            cand --workspace 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (each file''s outcome)'
            cand --verbose 'Print more detail (each file''s outcome)'
            cand --no-progress 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand show 'Print every setting''s resolved value and where it came from'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'altloom;config;show'= {
            cand --api-url 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]'
            cand --workspace 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (each file''s outcome)'
            cand --verbose 'Print more detail (each file''s outcome)'
            cand --no-progress 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'altloom;config;help'= {
            cand show 'Print every setting''s resolved value and where it came from'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'altloom;config;help;show'= {
        }
        &'altloom;config;help;help'= {
        }
        &'altloom;completions'= {
            cand --api-url 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]'
            cand --workspace 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (each file''s outcome)'
            cand --verbose 'Print more detail (each file''s outcome)'
            cand --no-progress 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'altloom;man'= {
            cand --api-url 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]'
            cand --workspace 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print more detail (each file''s outcome)'
            cand --verbose 'Print more detail (each file''s outcome)'
            cand --no-progress 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'altloom;help'= {
            cand optimize 'Optimise images: smaller JPEG, PNG, WebP and AVIF files, width variants, sRGB, no clutter'
            cand alt 'Write alt text, titles, captions and descriptions with AI into altloom-meta.json; review, export and import them'
            cand push 'Upload images with their alt text, title, caption and description to WordPress sites; reruns upload nothing twice'
            cand sites 'Connect the workspace''s WordPress sites, and list, check or remove them'
            cand wp 'Work on a WordPress site''s media library: fill in missing alt text, apply a review file'
            cand restore 'Put originals back from an `--in-place --backup DIR` run'
            cand signup 'Create an account and its first workspace, and log in'
            cand login 'Log in to the account server (password, --device in a browser, or --with-token for CI)'
            cand logout 'Log out: revoke this machine''s token and forget it'
            cand whoami 'Show who the current token acts as, and where'
            cand workspaces 'List, switch, create and share workspaces'
            cand tokens 'Create, list and revoke workspace tokens (for CI)'
            cand jobs 'Show the job history of the current workspace'
            cand usage 'Show the workspace''s plan, AI credits left this period, sites and members'
            cand billing 'Subscribe to a paid plan, or manage the subscription, on Stripe''s pages'
            cand account 'Export or delete your account and its data'
            cand init 'Write ./altloom.toml for this project: formats, widths, quality, sites, alt text language'
            cand config 'Inspect configuration'
            cand completions 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
            cand man 'Print the manual page (roff): `altloom man | man -l -`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'altloom;help;optimize'= {
        }
        &'altloom;help;alt'= {
            cand export 'Write the metadata as a CSV spreadsheet, for review outside the terminal'
            cand import 'Read an edited CSV back: changed rows become human-written and reviewed'
        }
        &'altloom;help;alt;export'= {
        }
        &'altloom;help;alt;import'= {
        }
        &'altloom;help;push'= {
        }
        &'altloom;help;sites'= {
            cand add 'Connect a site: the server checks the user can upload media, then keeps the Application Password encrypted. The password is asked for (or read from stdin), never a flag'
            cand list 'List the workspace''s sites'
            cand test 'Check a site''s stored credentials against the site again'
            cand remove 'Forget a site''s credentials and its push ledger (nothing on the site is deleted)'
        }
        &'altloom;help;sites;add'= {
        }
        &'altloom;help;sites;list'= {
        }
        &'altloom;help;sites;test'= {
        }
        &'altloom;help;sites;remove'= {
        }
        &'altloom;help;wp'= {
            cand fill-alt 'Describe the images of a site''s media library that have no alt text and write the text to them (only into empty fields, unless --overwrite), or into a review file (--review)'
            cand apply 'Write a review file of `wp fill-alt --review` to its site; text that appeared on the site since is kept and reported (unless --overwrite)'
        }
        &'altloom;help;wp;fill-alt'= {
        }
        &'altloom;help;wp;apply'= {
        }
        &'altloom;help;restore'= {
        }
        &'altloom;help;signup'= {
        }
        &'altloom;help;login'= {
        }
        &'altloom;help;logout'= {
        }
        &'altloom;help;whoami'= {
        }
        &'altloom;help;workspaces'= {
            cand list 'List the workspaces you can act in; `*` marks the current one'
            cand switch 'Make a workspace the current one, by id or name'
            cand create 'Create a workspace (you become its owner)'
            cand members 'List the members of the current workspace'
            cand invite 'Invite someone to the current workspace: prints a link to send them'
            cand join 'Accept an invite: paste the link (or the token after its `#`) when asked, or pipe it to stdin. It is never taken as an argument, where process listings and shell history keep it'
        }
        &'altloom;help;workspaces;list'= {
        }
        &'altloom;help;workspaces;switch'= {
        }
        &'altloom;help;workspaces;create'= {
        }
        &'altloom;help;workspaces;members'= {
        }
        &'altloom;help;workspaces;invite'= {
        }
        &'altloom;help;workspaces;join'= {
        }
        &'altloom;help;tokens'= {
            cand create 'Create a workspace token; it is printed once, on stdout'
            cand list 'List the tokens of the current workspace'
            cand revoke 'Revoke a token, by id or name; it stops working at once'
        }
        &'altloom;help;tokens;create'= {
        }
        &'altloom;help;tokens;list'= {
        }
        &'altloom;help;tokens;revoke'= {
        }
        &'altloom;help;jobs'= {
        }
        &'altloom;help;usage'= {
        }
        &'altloom;help;billing'= {
            cand upgrade 'Subscribe the current workspace to a paid plan: prints a Stripe Checkout link'
            cand portal 'Change plan, payment method or invoices, or cancel: prints a Stripe Customer Portal link'
        }
        &'altloom;help;billing;upgrade'= {
        }
        &'altloom;help;billing;portal'= {
        }
        &'altloom;help;account'= {
            cand export 'Download everything the server holds about you, as JSON'
            cand delete 'Delete your account, your tokens, and the workspaces only you own'
        }
        &'altloom;help;account;export'= {
        }
        &'altloom;help;account;delete'= {
        }
        &'altloom;help;init'= {
        }
        &'altloom;help;config'= {
            cand show 'Print every setting''s resolved value and where it came from'
        }
        &'altloom;help;config;show'= {
        }
        &'altloom;help;completions'= {
        }
        &'altloom;help;man'= {
        }
        &'altloom;help;help'= {
        }
    ]
    $completions[$command]
}
