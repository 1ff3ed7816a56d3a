# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_altloom_global_optspecs
    string join \n q/quiet v/verbose no-progress api-url= workspace= h/help V/version
end

function __fish_altloom_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_altloom_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_altloom_using_subcommand
    set -l cmd (__fish_altloom_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c altloom -n "__fish_altloom_needs_command" -l api-url -d 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]' -r
complete -c altloom -n "__fish_altloom_needs_command" -l workspace -d 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]' -r
complete -c altloom -n "__fish_altloom_needs_command" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_needs_command" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_needs_command" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_needs_command" -s h -l help -d 'Print help'
complete -c altloom -n "__fish_altloom_needs_command" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_needs_command" -f -a "optimize" -d 'Optimise images: smaller JPEG, PNG, WebP and AVIF files, width variants, sRGB, no clutter'
complete -c altloom -n "__fish_altloom_needs_command" -f -a "alt" -d 'Write alt text, titles, captions and descriptions with AI into altloom-meta.json; review, export and import them'
complete -c altloom -n "__fish_altloom_needs_command" -f -a "push" -d 'Upload images with their alt text, title, caption and description to WordPress sites; reruns upload nothing twice'
complete -c altloom -n "__fish_altloom_needs_command" -f -a "sites" -d 'Connect the workspace\'s WordPress sites, and list, check or remove them'
complete -c altloom -n "__fish_altloom_needs_command" -f -a "wp" -d 'Work on a WordPress site\'s media library: fill in missing alt text, apply a review file'
complete -c altloom -n "__fish_altloom_needs_command" -f -a "restore" -d 'Put originals back from an `--in-place --backup DIR` run'
complete -c altloom -n "__fish_altloom_needs_command" -f -a "signup" -d 'Create an account and its first workspace, and log in'
complete -c altloom -n "__fish_altloom_needs_command" -f -a "login" -d 'Log in to the account server (password, --device in a browser, or --with-token for CI)'
complete -c altloom -n "__fish_altloom_needs_command" -f -a "logout" -d 'Log out: revoke this machine\'s token and forget it'
complete -c altloom -n "__fish_altloom_needs_command" -f -a "whoami" -d 'Show who the current token acts as, and where'
complete -c altloom -n "__fish_altloom_needs_command" -f -a "workspaces" -d 'List, switch, create and share workspaces'
complete -c altloom -n "__fish_altloom_needs_command" -f -a "tokens" -d 'Create, list and revoke workspace tokens (for CI)'
complete -c altloom -n "__fish_altloom_needs_command" -f -a "jobs" -d 'Show the job history of the current workspace'
complete -c altloom -n "__fish_altloom_needs_command" -f -a "usage" -d 'Show the workspace\'s plan, AI credits left this period, sites and members'
complete -c altloom -n "__fish_altloom_needs_command" -f -a "billing" -d 'Subscribe to a paid plan, or manage the subscription, on Stripe\'s pages'
complete -c altloom -n "__fish_altloom_needs_command" -f -a "account" -d 'Export or delete your account and its data'
complete -c altloom -n "__fish_altloom_needs_command" -f -a "init" -d 'Write ./altloom.toml for this project: formats, widths, quality, sites, alt text language'
complete -c altloom -n "__fish_altloom_needs_command" -f -a "config" -d 'Inspect configuration'
complete -c altloom -n "__fish_altloom_needs_command" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
complete -c altloom -n "__fish_altloom_needs_command" -f -a "man" -d 'Print the manual page (roff): `altloom man | man -l -`'
complete -c altloom -n "__fish_altloom_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -s o -l out -d 'Folder for the outputs, mirroring the input tree [default: ./altloom-out]' -r -F
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l backup -d 'With --in-place: copy each original here first; `altloom restore --backup DIR` undoes' -r -F
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -s f -l formats -d 'Output formats, comma-separated: original, jpeg, png, webp, avif; or auto alone (the smallest of --allow at the quality target, per variant) [default: original]' -r
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l allow -d 'The candidates of --formats auto, comma-separated [default: jpeg,webp]' -r
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l quality -d 'Quality: web, high, max-savings, 1-100, or per format (jpeg=80,webp=75) [default: web]' -r
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l target -d 'Perceptual target each JPEG and WebP output is searched to meet: auto (the quality preset\'s), off (fixed settings), or METRIC:VALUE such as dssim:0.0012 or ssimulacra2:80 [default: auto]' -r
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l chroma -d 'JPEG chroma subsampling: 420 or 444 [default: 420]' -r
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -s w -l widths -d 'Widths of responsive variants, comma-separated (never upscaled)' -r
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l name-template -d 'File name of width variants [default: {stem}-{width}w.{ext}]' -r
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l keep-metadata -d 'Metadata to keep [default: none]' -r -f -a "none\t''
copyright\t''
all\t''"
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l max-pixels -d 'Refuse images with more pixels than this, before decoding [default: 100000000]' -r
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l memory-budget-mb -d 'Estimated working memory of the images in flight, in MiB [default: 200 per worker, at least 400]' -r
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l timeout -d 'Give up on a file after this many seconds; 0 never [default: 300]' -r
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l avif-speed -d 'AVIF encoder speed from 1 (slow, small) to 10 (fast) [default: 6]' -r
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l include -d 'Only files matching this glob (repeatable)' -r
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l exclude -d 'Skip files matching this glob (repeatable)' -r
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -s j -l jobs -d 'Files processed in parallel [default: one per core]' -r
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l shard -d 'Handle only part K of N (1/4 to 4/4), split by each file\'s path, so N runners share one batch; auto/N takes K from JOB_COMPLETION_INDEX (a Kubernetes Indexed Job)' -r
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l report -d 'Also write the machine-readable report to this file' -r -F
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l check-threshold -d 'With --check: the saving that fails a file, as 15% or 15 [default: 10%]' -r
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l lang -d 'Language of the text, BCP 47 (en, pt-BR, de) [default: en]' -r
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l keywords -d 'Words to use where they are true to the image, comma-separated (never forced)' -r
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l context -d 'Where the images appear (the page, the product), so the text fits its purpose' -r
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l max-chars -d 'Longest alt text, in characters [default: 125]' -r
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l fields -d 'Fields to write, comma-separated: alt, title, caption, description [default: all four]' -r
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l provider -d 'Who writes the text [default: altloom]' -r -f -a "altloom\t'The Altloom account server, paid with the workspace\'s AI credits'
openai-compatible\t'Your own OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, a gateway): no account, no credits; the key comes from OPENAI_API_KEY'"
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l base-url -d 'With --provider openai-compatible: the API base URL, such as http://127.0.0.1:11434/v1' -r
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l model -d 'With --provider openai-compatible: the model to call' -r
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l concurrency -d 'Images described at once, 1-32 [default: 4]' -r
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l site -d 'The workspace\'s sites, by name, comma-separated (see `altloom sites list`)' -r
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l wp-url -d 'Without an account: the site\'s address (the Application Password comes from ALTLOOM_WP_APP_PASSWORD)' -r
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l wp-user -d 'Without an account: the WordPress user the Application Password belongs to' -r
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l push-concurrency -d 'Uploads to one site at once [default: 4]' -r
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l api-url -d 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]' -r
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l workspace -d 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]' -r
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l in-place -d 'Replace the originals (needs --backup DIR or --no-backup)'
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l no-backup -d 'With --in-place: replace originals without keeping a copy'
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l png-lossy -d 'Quantise PNGs to a palette (like pngquant) when the result meets the quality floor'
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l no-original-size -d 'Write only the width variants, not the full-size output'
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l keep-icc -d 'Embed the original ICC profile instead of converting the pixels to sRGB'
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l skip-larger -d 'Do not write converted outputs that are larger than the same-format output'
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l no-ignore -d 'Do not honour .gitignore and .ignore files'
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l force -d 'Redo every file, even when the cache says its outputs are current'
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l json -d 'Print the machine-readable report to stdout instead of the summary'
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l dry-run -d 'List what would be written; write nothing'
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l check -d 'CI gate: write nothing, and exit 1 naming each file that could be more than --check-threshold smaller, or that breaks a [[check.budget]] of altloom.toml'
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l no-report-job -d 'Do not report this run to the workspace\'s job history (setting: report-jobs)'
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l report-paths -d 'Include file paths in the job report (by default only counts, sizes and reasons)'
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l alt -d 'Also write AI alt text, titles, captions and descriptions into OUT/altloom-meta.json'
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l overwrite -d 'Replace existing text, even text a person wrote or reviewed'
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l refresh -d 'Ask the model again even when an earlier answer is cached (costs credits)'
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l allow-partial -d 'When the credits left do not cover every image, describe as many as they do'
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l push -d 'Then upload each image\'s best full-size output, with its metadata, to WordPress'
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_using_subcommand alt; and not __fish_seen_subcommand_from export import help" -l meta -d 'The metadata file [default: ./altloom-meta.json]' -r -F
complete -c altloom -n "__fish_altloom_using_subcommand alt; and not __fish_seen_subcommand_from export import help" -l include -d 'Only files matching this glob (repeatable)' -r
complete -c altloom -n "__fish_altloom_using_subcommand alt; and not __fish_seen_subcommand_from export import help" -l exclude -d 'Skip files matching this glob (repeatable)' -r
complete -c altloom -n "__fish_altloom_using_subcommand alt; and not __fish_seen_subcommand_from export import help" -l shard -d 'Describe only part K of N of the images (1/4 to 4/4), split by path as `optimize --shard` splits them; auto/N takes K from JOB_COMPLETION_INDEX' -r
complete -c altloom -n "__fish_altloom_using_subcommand alt; and not __fish_seen_subcommand_from export import help" -l lang -d 'Language of the text, BCP 47 (en, pt-BR, de) [default: en]' -r
complete -c altloom -n "__fish_altloom_using_subcommand alt; and not __fish_seen_subcommand_from export import help" -l keywords -d 'Words to use where they are true to the image, comma-separated (never forced)' -r
complete -c altloom -n "__fish_altloom_using_subcommand alt; and not __fish_seen_subcommand_from export import help" -l context -d 'Where the images appear (the page, the product), so the text fits its purpose' -r
complete -c altloom -n "__fish_altloom_using_subcommand alt; and not __fish_seen_subcommand_from export import help" -l max-chars -d 'Longest alt text, in characters [default: 125]' -r
complete -c altloom -n "__fish_altloom_using_subcommand alt; and not __fish_seen_subcommand_from export import help" -l fields -d 'Fields to write, comma-separated: alt, title, caption, description [default: all four]' -r
complete -c altloom -n "__fish_altloom_using_subcommand alt; and not __fish_seen_subcommand_from export import help" -l provider -d 'Who writes the text [default: altloom]' -r -f -a "altloom\t'The Altloom account server, paid with the workspace\'s AI credits'
openai-compatible\t'Your own OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, a gateway): no account, no credits; the key comes from OPENAI_API_KEY'"
complete -c altloom -n "__fish_altloom_using_subcommand alt; and not __fish_seen_subcommand_from export import help" -l base-url -d 'With --provider openai-compatible: the API base URL, such as http://127.0.0.1:11434/v1' -r
complete -c altloom -n "__fish_altloom_using_subcommand alt; and not __fish_seen_subcommand_from export import help" -l model -d 'With --provider openai-compatible: the model to call' -r
complete -c altloom -n "__fish_altloom_using_subcommand alt; and not __fish_seen_subcommand_from export import help" -l concurrency -d 'Images described at once, 1-32 [default: 4]' -r
complete -c altloom -n "__fish_altloom_using_subcommand alt; and not __fish_seen_subcommand_from export import help" -l api-url -d 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]' -r
complete -c altloom -n "__fish_altloom_using_subcommand alt; and not __fish_seen_subcommand_from export import help" -l workspace -d 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]' -r
complete -c altloom -n "__fish_altloom_using_subcommand alt; and not __fish_seen_subcommand_from export import help" -l review -d 'Walk the entries: accept, edit, skip or mark each decorative (after describing PATHS)'
complete -c altloom -n "__fish_altloom_using_subcommand alt; and not __fish_seen_subcommand_from export import help" -l all -d 'With --review: also the entries already reviewed'
complete -c altloom -n "__fish_altloom_using_subcommand alt; and not __fish_seen_subcommand_from export import help" -l overwrite -d 'Replace existing text, even text a person wrote or reviewed'
complete -c altloom -n "__fish_altloom_using_subcommand alt; and not __fish_seen_subcommand_from export import help" -l refresh -d 'Ask the model again even when an earlier answer is cached (costs credits)'
complete -c altloom -n "__fish_altloom_using_subcommand alt; and not __fish_seen_subcommand_from export import help" -l allow-partial -d 'When the credits left do not cover every image, describe as many as they do'
complete -c altloom -n "__fish_altloom_using_subcommand alt; and not __fish_seen_subcommand_from export import help" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_using_subcommand alt; and not __fish_seen_subcommand_from export import help" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_using_subcommand alt; and not __fish_seen_subcommand_from export import help" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_using_subcommand alt; and not __fish_seen_subcommand_from export import help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c altloom -n "__fish_altloom_using_subcommand alt; and not __fish_seen_subcommand_from export import help" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_using_subcommand alt; and not __fish_seen_subcommand_from export import help" -a "export" -d 'Write the metadata as a CSV spreadsheet, for review outside the terminal'
complete -c altloom -n "__fish_altloom_using_subcommand alt; and not __fish_seen_subcommand_from export import help" -a "import" -d 'Read an edited CSV back: changed rows become human-written and reviewed'
complete -c altloom -n "__fish_altloom_using_subcommand alt; and not __fish_seen_subcommand_from export import help" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c altloom -n "__fish_altloom_using_subcommand alt; and __fish_seen_subcommand_from export" -l csv -d 'The CSV file to write (`-` for stdout)' -r -F
complete -c altloom -n "__fish_altloom_using_subcommand alt; and __fish_seen_subcommand_from export" -l meta -d 'The metadata file [default: ./altloom-meta.json]' -r -F
complete -c altloom -n "__fish_altloom_using_subcommand alt; and __fish_seen_subcommand_from export" -l api-url -d 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]' -r
complete -c altloom -n "__fish_altloom_using_subcommand alt; and __fish_seen_subcommand_from export" -l workspace -d 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]' -r
complete -c altloom -n "__fish_altloom_using_subcommand alt; and __fish_seen_subcommand_from export" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_using_subcommand alt; and __fish_seen_subcommand_from export" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_using_subcommand alt; and __fish_seen_subcommand_from export" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_using_subcommand alt; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help'
complete -c altloom -n "__fish_altloom_using_subcommand alt; and __fish_seen_subcommand_from export" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_using_subcommand alt; and __fish_seen_subcommand_from import" -l meta -d 'The metadata file [default: ./altloom-meta.json]' -r -F
complete -c altloom -n "__fish_altloom_using_subcommand alt; and __fish_seen_subcommand_from import" -l api-url -d 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]' -r
complete -c altloom -n "__fish_altloom_using_subcommand alt; and __fish_seen_subcommand_from import" -l workspace -d 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]' -r
complete -c altloom -n "__fish_altloom_using_subcommand alt; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_using_subcommand alt; and __fish_seen_subcommand_from import" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_using_subcommand alt; and __fish_seen_subcommand_from import" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_using_subcommand alt; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help'
complete -c altloom -n "__fish_altloom_using_subcommand alt; and __fish_seen_subcommand_from import" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_using_subcommand alt; and __fish_seen_subcommand_from help" -f -a "export" -d 'Write the metadata as a CSV spreadsheet, for review outside the terminal'
complete -c altloom -n "__fish_altloom_using_subcommand alt; and __fish_seen_subcommand_from help" -f -a "import" -d 'Read an edited CSV back: changed rows become human-written and reviewed'
complete -c altloom -n "__fish_altloom_using_subcommand alt; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c altloom -n "__fish_altloom_using_subcommand push" -l report -d 'Upload the outputs of an `altloom optimize --report FILE` run (the best full-size format each site accepts)' -r -F
complete -c altloom -n "__fish_altloom_using_subcommand push" -l meta -d 'The metadata file [default: altloom-meta.json in the output folder of --report, in a folder given as PATH, or in the current folder]' -r -F
complete -c altloom -n "__fish_altloom_using_subcommand push" -l site -d 'The workspace\'s sites, by name, comma-separated (see `altloom sites list`)' -r
complete -c altloom -n "__fish_altloom_using_subcommand push" -l wp-url -d 'Without an account: the site\'s address (the Application Password comes from ALTLOOM_WP_APP_PASSWORD)' -r
complete -c altloom -n "__fish_altloom_using_subcommand push" -l wp-user -d 'Without an account: the WordPress user the Application Password belongs to' -r
complete -c altloom -n "__fish_altloom_using_subcommand push" -l concurrency -d 'Uploads to one site at once [default: 4]' -r
complete -c altloom -n "__fish_altloom_using_subcommand push" -l shard -d 'With PATHS: upload only part K of N of the files (1/4 to 4/4), split by path as `optimize --shard` splits them; auto/N takes K from JOB_COMPLETION_INDEX' -r
complete -c altloom -n "__fish_altloom_using_subcommand push" -l api-url -d 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]' -r
complete -c altloom -n "__fish_altloom_using_subcommand push" -l workspace -d 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]' -r
complete -c altloom -n "__fish_altloom_using_subcommand push" -l dry-run -d 'Show what would be uploaded or updated, and change nothing'
complete -c altloom -n "__fish_altloom_using_subcommand push" -l json -d 'Print the outcome as JSON on stdout'
complete -c altloom -n "__fish_altloom_using_subcommand push" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_using_subcommand push" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_using_subcommand push" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_using_subcommand push" -s h -l help -d 'Print help'
complete -c altloom -n "__fish_altloom_using_subcommand push" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_using_subcommand sites; and not __fish_seen_subcommand_from add list test remove help" -l api-url -d 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]' -r
complete -c altloom -n "__fish_altloom_using_subcommand sites; and not __fish_seen_subcommand_from add list test remove help" -l workspace -d 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]' -r
complete -c altloom -n "__fish_altloom_using_subcommand sites; and not __fish_seen_subcommand_from add list test remove help" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_using_subcommand sites; and not __fish_seen_subcommand_from add list test remove help" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_using_subcommand sites; and not __fish_seen_subcommand_from add list test remove help" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_using_subcommand sites; and not __fish_seen_subcommand_from add list test remove help" -s h -l help -d 'Print help'
complete -c altloom -n "__fish_altloom_using_subcommand sites; and not __fish_seen_subcommand_from add list test remove help" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_using_subcommand sites; and not __fish_seen_subcommand_from add list test remove help" -f -a "add" -d 'Connect a site: the server checks the user can upload media, then keeps the Application Password encrypted. The password is asked for (or read from stdin), never a flag'
complete -c altloom -n "__fish_altloom_using_subcommand sites; and not __fish_seen_subcommand_from add list test remove help" -f -a "list" -d 'List the workspace\'s sites'
complete -c altloom -n "__fish_altloom_using_subcommand sites; and not __fish_seen_subcommand_from add list test remove help" -f -a "test" -d 'Check a site\'s stored credentials against the site again'
complete -c altloom -n "__fish_altloom_using_subcommand sites; and not __fish_seen_subcommand_from add list test remove help" -f -a "remove" -d 'Forget a site\'s credentials and its push ledger (nothing on the site is deleted)'
complete -c altloom -n "__fish_altloom_using_subcommand sites; and not __fish_seen_subcommand_from add list test remove help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c altloom -n "__fish_altloom_using_subcommand sites; and __fish_seen_subcommand_from add" -l url -d 'The site\'s address, such as https://example.com' -r
complete -c altloom -n "__fish_altloom_using_subcommand sites; and __fish_seen_subcommand_from add" -l user -d 'The WordPress user the Application Password belongs to' -r
complete -c altloom -n "__fish_altloom_using_subcommand sites; and __fish_seen_subcommand_from add" -l api-url -d 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]' -r
complete -c altloom -n "__fish_altloom_using_subcommand sites; and __fish_seen_subcommand_from add" -l workspace -d 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]' -r
complete -c altloom -n "__fish_altloom_using_subcommand sites; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_using_subcommand sites; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_using_subcommand sites; and __fish_seen_subcommand_from add" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_using_subcommand sites; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c altloom -n "__fish_altloom_using_subcommand sites; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_using_subcommand sites; and __fish_seen_subcommand_from list" -l api-url -d 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]' -r
complete -c altloom -n "__fish_altloom_using_subcommand sites; and __fish_seen_subcommand_from list" -l workspace -d 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]' -r
complete -c altloom -n "__fish_altloom_using_subcommand sites; and __fish_seen_subcommand_from list" -l json
complete -c altloom -n "__fish_altloom_using_subcommand sites; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_using_subcommand sites; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_using_subcommand sites; and __fish_seen_subcommand_from list" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_using_subcommand sites; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c altloom -n "__fish_altloom_using_subcommand sites; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_using_subcommand sites; and __fish_seen_subcommand_from test" -l api-url -d 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]' -r
complete -c altloom -n "__fish_altloom_using_subcommand sites; and __fish_seen_subcommand_from test" -l workspace -d 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]' -r
complete -c altloom -n "__fish_altloom_using_subcommand sites; and __fish_seen_subcommand_from test" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_using_subcommand sites; and __fish_seen_subcommand_from test" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_using_subcommand sites; and __fish_seen_subcommand_from test" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_using_subcommand sites; and __fish_seen_subcommand_from test" -s h -l help -d 'Print help'
complete -c altloom -n "__fish_altloom_using_subcommand sites; and __fish_seen_subcommand_from test" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_using_subcommand sites; and __fish_seen_subcommand_from remove" -l api-url -d 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]' -r
complete -c altloom -n "__fish_altloom_using_subcommand sites; and __fish_seen_subcommand_from remove" -l workspace -d 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]' -r
complete -c altloom -n "__fish_altloom_using_subcommand sites; and __fish_seen_subcommand_from remove" -l yes -d 'Do not ask for confirmation (needed when stdin is not a terminal)'
complete -c altloom -n "__fish_altloom_using_subcommand sites; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_using_subcommand sites; and __fish_seen_subcommand_from remove" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_using_subcommand sites; and __fish_seen_subcommand_from remove" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_using_subcommand sites; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c altloom -n "__fish_altloom_using_subcommand sites; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_using_subcommand sites; and __fish_seen_subcommand_from help" -f -a "add" -d 'Connect a site: the server checks the user can upload media, then keeps the Application Password encrypted. The password is asked for (or read from stdin), never a flag'
complete -c altloom -n "__fish_altloom_using_subcommand sites; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the workspace\'s sites'
complete -c altloom -n "__fish_altloom_using_subcommand sites; and __fish_seen_subcommand_from help" -f -a "test" -d 'Check a site\'s stored credentials against the site again'
complete -c altloom -n "__fish_altloom_using_subcommand sites; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Forget a site\'s credentials and its push ledger (nothing on the site is deleted)'
complete -c altloom -n "__fish_altloom_using_subcommand sites; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c altloom -n "__fish_altloom_using_subcommand wp; and not __fish_seen_subcommand_from fill-alt apply help" -l api-url -d 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]' -r
complete -c altloom -n "__fish_altloom_using_subcommand wp; and not __fish_seen_subcommand_from fill-alt apply help" -l workspace -d 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]' -r
complete -c altloom -n "__fish_altloom_using_subcommand wp; and not __fish_seen_subcommand_from fill-alt apply help" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_using_subcommand wp; and not __fish_seen_subcommand_from fill-alt apply help" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_using_subcommand wp; and not __fish_seen_subcommand_from fill-alt apply help" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_using_subcommand wp; and not __fish_seen_subcommand_from fill-alt apply help" -s h -l help -d 'Print help'
complete -c altloom -n "__fish_altloom_using_subcommand wp; and not __fish_seen_subcommand_from fill-alt apply help" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_using_subcommand wp; and not __fish_seen_subcommand_from fill-alt apply help" -f -a "fill-alt" -d 'Describe the images of a site\'s media library that have no alt text and write the text to them (only into empty fields, unless --overwrite), or into a review file (--review)'
complete -c altloom -n "__fish_altloom_using_subcommand wp; and not __fish_seen_subcommand_from fill-alt apply help" -f -a "apply" -d 'Write a review file of `wp fill-alt --review` to its site; text that appeared on the site since is kept and reported (unless --overwrite)'
complete -c altloom -n "__fish_altloom_using_subcommand wp; and not __fish_seen_subcommand_from fill-alt apply help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c altloom -n "__fish_altloom_using_subcommand wp; and __fish_seen_subcommand_from fill-alt" -l site -d 'The workspace\'s sites, by name, comma-separated (see `altloom sites list`)' -r
complete -c altloom -n "__fish_altloom_using_subcommand wp; and __fish_seen_subcommand_from fill-alt" -l wp-url -d 'Without an account: the site\'s address (the Application Password comes from ALTLOOM_WP_APP_PASSWORD)' -r
complete -c altloom -n "__fish_altloom_using_subcommand wp; and __fish_seen_subcommand_from fill-alt" -l wp-user -d 'Without an account: the WordPress user the Application Password belongs to' -r
complete -c altloom -n "__fish_altloom_using_subcommand wp; and __fish_seen_subcommand_from fill-alt" -l limit -d 'Describe at most N images (the oldest first); a rerun picks up the rest' -r
complete -c altloom -n "__fish_altloom_using_subcommand wp; and __fish_seen_subcommand_from fill-alt" -l since -d 'Only images uploaded on or after DATE (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS, the site\'s time)' -r
complete -c altloom -n "__fish_altloom_using_subcommand wp; and __fish_seen_subcommand_from fill-alt" -l review -d 'Write the text into a review file (.csv or .json) instead of the site, for `altloom wp apply FILE` [default FILE: altloom-review.csv]' -r -F
complete -c altloom -n "__fish_altloom_using_subcommand wp; and __fish_seen_subcommand_from fill-alt" -l lang -d 'Language of the text, BCP 47 (en, pt-BR, de) [default: en]' -r
complete -c altloom -n "__fish_altloom_using_subcommand wp; and __fish_seen_subcommand_from fill-alt" -l keywords -d 'Words to use where they are true to the image, comma-separated (never forced)' -r
complete -c altloom -n "__fish_altloom_using_subcommand wp; and __fish_seen_subcommand_from fill-alt" -l context -d 'Where the images appear (the page, the product), so the text fits its purpose' -r
complete -c altloom -n "__fish_altloom_using_subcommand wp; and __fish_seen_subcommand_from fill-alt" -l max-chars -d 'Longest alt text, in characters [default: 125]' -r
complete -c altloom -n "__fish_altloom_using_subcommand wp; and __fish_seen_subcommand_from fill-alt" -l fields -d 'Fields to write, comma-separated: alt, title, caption, description [default: all four]' -r
complete -c altloom -n "__fish_altloom_using_subcommand wp; and __fish_seen_subcommand_from fill-alt" -l provider -d 'Who writes the text [default: altloom]' -r -f -a "altloom\t'The Altloom account server, paid with the workspace\'s AI credits'
openai-compatible\t'Your own OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, a gateway): no account, no credits; the key comes from OPENAI_API_KEY'"
complete -c altloom -n "__fish_altloom_using_subcommand wp; and __fish_seen_subcommand_from fill-alt" -l base-url -d 'With --provider openai-compatible: the API base URL, such as http://127.0.0.1:11434/v1' -r
complete -c altloom -n "__fish_altloom_using_subcommand wp; and __fish_seen_subcommand_from fill-alt" -l model -d 'With --provider openai-compatible: the model to call' -r
complete -c altloom -n "__fish_altloom_using_subcommand wp; and __fish_seen_subcommand_from fill-alt" -l concurrency -d 'Images described at once, 1-32 [default: 4]' -r
complete -c altloom -n "__fish_altloom_using_subcommand wp; and __fish_seen_subcommand_from fill-alt" -l api-url -d 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]' -r
complete -c altloom -n "__fish_altloom_using_subcommand wp; and __fish_seen_subcommand_from fill-alt" -l workspace -d 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]' -r
complete -c altloom -n "__fish_altloom_using_subcommand wp; and __fish_seen_subcommand_from fill-alt" -l dry-run -d 'List the images that would be described; change nothing and spend nothing'
complete -c altloom -n "__fish_altloom_using_subcommand wp; and __fish_seen_subcommand_from fill-alt" -l overwrite -d 'Replace existing text, even text a person wrote or reviewed'
complete -c altloom -n "__fish_altloom_using_subcommand wp; and __fish_seen_subcommand_from fill-alt" -l refresh -d 'Ask the model again even when an earlier answer is cached (costs credits)'
complete -c altloom -n "__fish_altloom_using_subcommand wp; and __fish_seen_subcommand_from fill-alt" -l allow-partial -d 'When the credits left do not cover every image, describe as many as they do'
complete -c altloom -n "__fish_altloom_using_subcommand wp; and __fish_seen_subcommand_from fill-alt" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_using_subcommand wp; and __fish_seen_subcommand_from fill-alt" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_using_subcommand wp; and __fish_seen_subcommand_from fill-alt" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_using_subcommand wp; and __fish_seen_subcommand_from fill-alt" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c altloom -n "__fish_altloom_using_subcommand wp; and __fish_seen_subcommand_from fill-alt" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_using_subcommand wp; and __fish_seen_subcommand_from apply" -l site -d 'The workspace\'s site to write to [default: the site the file names]' -r
complete -c altloom -n "__fish_altloom_using_subcommand wp; and __fish_seen_subcommand_from apply" -l wp-url -d 'Without an account: the site\'s address [default: the one the file names] (the Application Password comes from ALTLOOM_WP_APP_PASSWORD)' -r
complete -c altloom -n "__fish_altloom_using_subcommand wp; and __fish_seen_subcommand_from apply" -l wp-user -d 'Without an account: the WordPress user the Application Password belongs to' -r
complete -c altloom -n "__fish_altloom_using_subcommand wp; and __fish_seen_subcommand_from apply" -l api-url -d 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]' -r
complete -c altloom -n "__fish_altloom_using_subcommand wp; and __fish_seen_subcommand_from apply" -l workspace -d 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]' -r
complete -c altloom -n "__fish_altloom_using_subcommand wp; and __fish_seen_subcommand_from apply" -l overwrite -d 'Replace text on the site that differs from the file\'s (a person\'s, or added since)'
complete -c altloom -n "__fish_altloom_using_subcommand wp; and __fish_seen_subcommand_from apply" -l dry-run -d 'Show what would be written; change nothing'
complete -c altloom -n "__fish_altloom_using_subcommand wp; and __fish_seen_subcommand_from apply" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_using_subcommand wp; and __fish_seen_subcommand_from apply" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_using_subcommand wp; and __fish_seen_subcommand_from apply" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_using_subcommand wp; and __fish_seen_subcommand_from apply" -s h -l help -d 'Print help'
complete -c altloom -n "__fish_altloom_using_subcommand wp; and __fish_seen_subcommand_from apply" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_using_subcommand wp; and __fish_seen_subcommand_from help" -f -a "fill-alt" -d 'Describe the images of a site\'s media library that have no alt text and write the text to them (only into empty fields, unless --overwrite), or into a review file (--review)'
complete -c altloom -n "__fish_altloom_using_subcommand wp; and __fish_seen_subcommand_from help" -f -a "apply" -d 'Write a review file of `wp fill-alt --review` to its site; text that appeared on the site since is kept and reported (unless --overwrite)'
complete -c altloom -n "__fish_altloom_using_subcommand wp; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c altloom -n "__fish_altloom_using_subcommand restore" -l backup -d 'The backup folder given to `optimize --in-place --backup`' -r -F
complete -c altloom -n "__fish_altloom_using_subcommand restore" -l api-url -d 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]' -r
complete -c altloom -n "__fish_altloom_using_subcommand restore" -l workspace -d 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]' -r
complete -c altloom -n "__fish_altloom_using_subcommand restore" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_using_subcommand restore" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_using_subcommand restore" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_using_subcommand restore" -s h -l help -d 'Print help'
complete -c altloom -n "__fish_altloom_using_subcommand restore" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_using_subcommand signup" -l name -d 'Your name [prompted when missing]' -r
complete -c altloom -n "__fish_altloom_using_subcommand signup" -l email -d 'Your email address [prompted when missing]' -r
complete -c altloom -n "__fish_altloom_using_subcommand signup" -l workspace-name -d 'The name of your first workspace [prompted when missing]' -r
complete -c altloom -n "__fish_altloom_using_subcommand signup" -l token-name -d 'Name of this machine\'s token [default: altloom CLI on HOSTNAME]' -r
complete -c altloom -n "__fish_altloom_using_subcommand signup" -l api-url -d 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]' -r
complete -c altloom -n "__fish_altloom_using_subcommand signup" -l workspace -d 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]' -r
complete -c altloom -n "__fish_altloom_using_subcommand signup" -l password-stdin -d 'Read the password from the first line of stdin instead of prompting'
complete -c altloom -n "__fish_altloom_using_subcommand signup" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_using_subcommand signup" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_using_subcommand signup" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_using_subcommand signup" -s h -l help -d 'Print help'
complete -c altloom -n "__fish_altloom_using_subcommand signup" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_using_subcommand login" -l email -d 'Your email address [prompted when missing]' -r
complete -c altloom -n "__fish_altloom_using_subcommand login" -l token-name -d 'Name of this machine\'s token [default: altloom CLI on HOSTNAME]' -r
complete -c altloom -n "__fish_altloom_using_subcommand login" -l api-url -d 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]' -r
complete -c altloom -n "__fish_altloom_using_subcommand login" -l workspace -d 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]' -r
complete -c altloom -n "__fish_altloom_using_subcommand login" -l password-stdin -d 'Read the password from the first line of stdin instead of prompting'
complete -c altloom -n "__fish_altloom_using_subcommand login" -l with-token -d 'Read an API token from stdin (for CI), check it with the server and store it'
complete -c altloom -n "__fish_altloom_using_subcommand login" -l device -d 'Log in by approving a code in a browser where you are logged in'
complete -c altloom -n "__fish_altloom_using_subcommand login" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_using_subcommand login" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_using_subcommand login" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_using_subcommand login" -s h -l help -d 'Print help'
complete -c altloom -n "__fish_altloom_using_subcommand login" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_using_subcommand logout" -l api-url -d 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]' -r
complete -c altloom -n "__fish_altloom_using_subcommand logout" -l workspace -d 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]' -r
complete -c altloom -n "__fish_altloom_using_subcommand logout" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_using_subcommand logout" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_using_subcommand logout" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_using_subcommand logout" -s h -l help -d 'Print help'
complete -c altloom -n "__fish_altloom_using_subcommand logout" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_using_subcommand whoami" -l api-url -d 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]' -r
complete -c altloom -n "__fish_altloom_using_subcommand whoami" -l workspace -d 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]' -r
complete -c altloom -n "__fish_altloom_using_subcommand whoami" -l json -d 'Print the server\'s answer as JSON'
complete -c altloom -n "__fish_altloom_using_subcommand whoami" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_using_subcommand whoami" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_using_subcommand whoami" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_using_subcommand whoami" -s h -l help -d 'Print help'
complete -c altloom -n "__fish_altloom_using_subcommand whoami" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and not __fish_seen_subcommand_from list switch create members invite join help" -l api-url -d 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]' -r
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and not __fish_seen_subcommand_from list switch create members invite join help" -l workspace -d 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]' -r
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and not __fish_seen_subcommand_from list switch create members invite join help" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and not __fish_seen_subcommand_from list switch create members invite join help" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and not __fish_seen_subcommand_from list switch create members invite join help" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and not __fish_seen_subcommand_from list switch create members invite join help" -s h -l help -d 'Print help'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and not __fish_seen_subcommand_from list switch create members invite join help" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and not __fish_seen_subcommand_from list switch create members invite join help" -f -a "list" -d 'List the workspaces you can act in; `*` marks the current one'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and not __fish_seen_subcommand_from list switch create members invite join help" -f -a "switch" -d 'Make a workspace the current one, by id or name'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and not __fish_seen_subcommand_from list switch create members invite join help" -f -a "create" -d 'Create a workspace (you become its owner)'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and not __fish_seen_subcommand_from list switch create members invite join help" -f -a "members" -d 'List the members of the current workspace'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and not __fish_seen_subcommand_from list switch create members invite join help" -f -a "invite" -d 'Invite someone to the current workspace: prints a link to send them'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and not __fish_seen_subcommand_from list switch create members invite join help" -f -a "join" -d 'Accept an invite: paste the link (or the token after its `#`) when asked, or pipe it to stdin. It is never taken as an argument, where process listings and shell history keep it'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and not __fish_seen_subcommand_from list switch create members invite join help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from list" -l api-url -d 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]' -r
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from list" -l workspace -d 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]' -r
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from list" -l json -d 'Print JSON'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from list" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from switch" -l api-url -d 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]' -r
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from switch" -l workspace -d 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]' -r
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from switch" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from switch" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from switch" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from switch" -s h -l help -d 'Print help'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from switch" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from create" -l api-url -d 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]' -r
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from create" -l workspace -d 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]' -r
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from create" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from create" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from members" -l api-url -d 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]' -r
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from members" -l workspace -d 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]' -r
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from members" -l json -d 'Print JSON'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from members" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from members" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from members" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from members" -s h -l help -d 'Print help'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from members" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from invite" -l role -d 'The role the invitee gets' -r -f -a "member\t''
admin\t''"
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from invite" -l expires-in-days -d 'Days the link stays valid (at most 30) [default: 7]' -r
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from invite" -l api-url -d 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]' -r
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from invite" -l workspace -d 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]' -r
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from invite" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from invite" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from invite" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from invite" -s h -l help -d 'Print help'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from invite" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from join" -l api-url -d 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]' -r
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from join" -l workspace -d 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]' -r
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from join" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from join" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from join" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from join" -s h -l help -d 'Print help'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from join" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the workspaces you can act in; `*` marks the current one'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from help" -f -a "switch" -d 'Make a workspace the current one, by id or name'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a workspace (you become its owner)'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from help" -f -a "members" -d 'List the members of the current workspace'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from help" -f -a "invite" -d 'Invite someone to the current workspace: prints a link to send them'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from help" -f -a "join" -d 'Accept an invite: paste the link (or the token after its `#`) when asked, or pipe it to stdin. It is never taken as an argument, where process listings and shell history keep it'
complete -c altloom -n "__fish_altloom_using_subcommand workspaces; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c altloom -n "__fish_altloom_using_subcommand tokens; and not __fish_seen_subcommand_from create list revoke help" -l api-url -d 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]' -r
complete -c altloom -n "__fish_altloom_using_subcommand tokens; and not __fish_seen_subcommand_from create list revoke help" -l workspace -d 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]' -r
complete -c altloom -n "__fish_altloom_using_subcommand tokens; and not __fish_seen_subcommand_from create list revoke help" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_using_subcommand tokens; and not __fish_seen_subcommand_from create list revoke help" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_using_subcommand tokens; and not __fish_seen_subcommand_from create list revoke help" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_using_subcommand tokens; and not __fish_seen_subcommand_from create list revoke help" -s h -l help -d 'Print help'
complete -c altloom -n "__fish_altloom_using_subcommand tokens; and not __fish_seen_subcommand_from create list revoke help" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_using_subcommand tokens; and not __fish_seen_subcommand_from create list revoke help" -f -a "create" -d 'Create a workspace token; it is printed once, on stdout'
complete -c altloom -n "__fish_altloom_using_subcommand tokens; and not __fish_seen_subcommand_from create list revoke help" -f -a "list" -d 'List the tokens of the current workspace'
complete -c altloom -n "__fish_altloom_using_subcommand tokens; and not __fish_seen_subcommand_from create list revoke help" -f -a "revoke" -d 'Revoke a token, by id or name; it stops working at once'
complete -c altloom -n "__fish_altloom_using_subcommand tokens; and not __fish_seen_subcommand_from create list revoke help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c altloom -n "__fish_altloom_using_subcommand tokens; and __fish_seen_subcommand_from create" -l scopes -d 'What it may do, comma-separated: jobs, alt_text, push, admin [default: jobs,alt_text,push]' -r
complete -c altloom -n "__fish_altloom_using_subcommand tokens; and __fish_seen_subcommand_from create" -l expires-in-days -d 'Days until it expires [default: never]' -r
complete -c altloom -n "__fish_altloom_using_subcommand tokens; and __fish_seen_subcommand_from create" -l api-url -d 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]' -r
complete -c altloom -n "__fish_altloom_using_subcommand tokens; and __fish_seen_subcommand_from create" -l workspace -d 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]' -r
complete -c altloom -n "__fish_altloom_using_subcommand tokens; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_using_subcommand tokens; and __fish_seen_subcommand_from create" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_using_subcommand tokens; and __fish_seen_subcommand_from create" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_using_subcommand tokens; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c altloom -n "__fish_altloom_using_subcommand tokens; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_using_subcommand tokens; and __fish_seen_subcommand_from list" -l api-url -d 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]' -r
complete -c altloom -n "__fish_altloom_using_subcommand tokens; and __fish_seen_subcommand_from list" -l workspace -d 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]' -r
complete -c altloom -n "__fish_altloom_using_subcommand tokens; and __fish_seen_subcommand_from list" -l json -d 'Print JSON'
complete -c altloom -n "__fish_altloom_using_subcommand tokens; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_using_subcommand tokens; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_using_subcommand tokens; and __fish_seen_subcommand_from list" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_using_subcommand tokens; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c altloom -n "__fish_altloom_using_subcommand tokens; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_using_subcommand tokens; and __fish_seen_subcommand_from revoke" -l api-url -d 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]' -r
complete -c altloom -n "__fish_altloom_using_subcommand tokens; and __fish_seen_subcommand_from revoke" -l workspace -d 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]' -r
complete -c altloom -n "__fish_altloom_using_subcommand tokens; and __fish_seen_subcommand_from revoke" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_using_subcommand tokens; and __fish_seen_subcommand_from revoke" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_using_subcommand tokens; and __fish_seen_subcommand_from revoke" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_using_subcommand tokens; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help'
complete -c altloom -n "__fish_altloom_using_subcommand tokens; and __fish_seen_subcommand_from revoke" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_using_subcommand tokens; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a workspace token; it is printed once, on stdout'
complete -c altloom -n "__fish_altloom_using_subcommand tokens; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the tokens of the current workspace'
complete -c altloom -n "__fish_altloom_using_subcommand tokens; and __fish_seen_subcommand_from help" -f -a "revoke" -d 'Revoke a token, by id or name; it stops working at once'
complete -c altloom -n "__fish_altloom_using_subcommand tokens; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c altloom -n "__fish_altloom_using_subcommand jobs" -l limit -d 'How many jobs to show, newest first' -r
complete -c altloom -n "__fish_altloom_using_subcommand jobs" -l before -d 'Show jobs older than this job id (for paging)' -r
complete -c altloom -n "__fish_altloom_using_subcommand jobs" -l api-url -d 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]' -r
complete -c altloom -n "__fish_altloom_using_subcommand jobs" -l workspace -d 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]' -r
complete -c altloom -n "__fish_altloom_using_subcommand jobs" -l json -d 'Print JSON'
complete -c altloom -n "__fish_altloom_using_subcommand jobs" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_using_subcommand jobs" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_using_subcommand jobs" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_using_subcommand jobs" -s h -l help -d 'Print help'
complete -c altloom -n "__fish_altloom_using_subcommand jobs" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_using_subcommand usage" -l api-url -d 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]' -r
complete -c altloom -n "__fish_altloom_using_subcommand usage" -l workspace -d 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]' -r
complete -c altloom -n "__fish_altloom_using_subcommand usage" -l json -d 'Print JSON'
complete -c altloom -n "__fish_altloom_using_subcommand usage" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_using_subcommand usage" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_using_subcommand usage" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_using_subcommand usage" -s h -l help -d 'Print help'
complete -c altloom -n "__fish_altloom_using_subcommand usage" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_using_subcommand billing; and not __fish_seen_subcommand_from upgrade portal help" -l api-url -d 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]' -r
complete -c altloom -n "__fish_altloom_using_subcommand billing; and not __fish_seen_subcommand_from upgrade portal help" -l workspace -d 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]' -r
complete -c altloom -n "__fish_altloom_using_subcommand billing; and not __fish_seen_subcommand_from upgrade portal help" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_using_subcommand billing; and not __fish_seen_subcommand_from upgrade portal help" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_using_subcommand billing; and not __fish_seen_subcommand_from upgrade portal help" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_using_subcommand billing; and not __fish_seen_subcommand_from upgrade portal help" -s h -l help -d 'Print help'
complete -c altloom -n "__fish_altloom_using_subcommand billing; and not __fish_seen_subcommand_from upgrade portal help" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_using_subcommand billing; and not __fish_seen_subcommand_from upgrade portal help" -f -a "upgrade" -d 'Subscribe the current workspace to a paid plan: prints a Stripe Checkout link'
complete -c altloom -n "__fish_altloom_using_subcommand billing; and not __fish_seen_subcommand_from upgrade portal help" -f -a "portal" -d 'Change plan, payment method or invoices, or cancel: prints a Stripe Customer Portal link'
complete -c altloom -n "__fish_altloom_using_subcommand billing; and not __fish_seen_subcommand_from upgrade portal help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c altloom -n "__fish_altloom_using_subcommand billing; and __fish_seen_subcommand_from upgrade" -l api-url -d 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]' -r
complete -c altloom -n "__fish_altloom_using_subcommand billing; and __fish_seen_subcommand_from upgrade" -l workspace -d 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]' -r
complete -c altloom -n "__fish_altloom_using_subcommand billing; and __fish_seen_subcommand_from upgrade" -l no-browser -d 'Only print the link; do not open a browser'
complete -c altloom -n "__fish_altloom_using_subcommand billing; and __fish_seen_subcommand_from upgrade" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_using_subcommand billing; and __fish_seen_subcommand_from upgrade" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_using_subcommand billing; and __fish_seen_subcommand_from upgrade" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_using_subcommand billing; and __fish_seen_subcommand_from upgrade" -s h -l help -d 'Print help'
complete -c altloom -n "__fish_altloom_using_subcommand billing; and __fish_seen_subcommand_from upgrade" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_using_subcommand billing; and __fish_seen_subcommand_from portal" -l api-url -d 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]' -r
complete -c altloom -n "__fish_altloom_using_subcommand billing; and __fish_seen_subcommand_from portal" -l workspace -d 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]' -r
complete -c altloom -n "__fish_altloom_using_subcommand billing; and __fish_seen_subcommand_from portal" -l no-browser -d 'Only print the link; do not open a browser'
complete -c altloom -n "__fish_altloom_using_subcommand billing; and __fish_seen_subcommand_from portal" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_using_subcommand billing; and __fish_seen_subcommand_from portal" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_using_subcommand billing; and __fish_seen_subcommand_from portal" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_using_subcommand billing; and __fish_seen_subcommand_from portal" -s h -l help -d 'Print help'
complete -c altloom -n "__fish_altloom_using_subcommand billing; and __fish_seen_subcommand_from portal" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_using_subcommand billing; and __fish_seen_subcommand_from help" -f -a "upgrade" -d 'Subscribe the current workspace to a paid plan: prints a Stripe Checkout link'
complete -c altloom -n "__fish_altloom_using_subcommand billing; and __fish_seen_subcommand_from help" -f -a "portal" -d 'Change plan, payment method or invoices, or cancel: prints a Stripe Customer Portal link'
complete -c altloom -n "__fish_altloom_using_subcommand billing; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c altloom -n "__fish_altloom_using_subcommand account; and not __fish_seen_subcommand_from export delete help" -l api-url -d 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]' -r
complete -c altloom -n "__fish_altloom_using_subcommand account; and not __fish_seen_subcommand_from export delete help" -l workspace -d 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]' -r
complete -c altloom -n "__fish_altloom_using_subcommand account; and not __fish_seen_subcommand_from export delete help" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_using_subcommand account; and not __fish_seen_subcommand_from export delete help" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_using_subcommand account; and not __fish_seen_subcommand_from export delete help" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_using_subcommand account; and not __fish_seen_subcommand_from export delete help" -s h -l help -d 'Print help'
complete -c altloom -n "__fish_altloom_using_subcommand account; and not __fish_seen_subcommand_from export delete help" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_using_subcommand account; and not __fish_seen_subcommand_from export delete help" -f -a "export" -d 'Download everything the server holds about you, as JSON'
complete -c altloom -n "__fish_altloom_using_subcommand account; and not __fish_seen_subcommand_from export delete help" -f -a "delete" -d 'Delete your account, your tokens, and the workspaces only you own'
complete -c altloom -n "__fish_altloom_using_subcommand account; and not __fish_seen_subcommand_from export delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c altloom -n "__fish_altloom_using_subcommand account; and __fish_seen_subcommand_from export" -s o -l output -d 'Write to this file (readable only by you) instead of stdout' -r -F
complete -c altloom -n "__fish_altloom_using_subcommand account; and __fish_seen_subcommand_from export" -l api-url -d 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]' -r
complete -c altloom -n "__fish_altloom_using_subcommand account; and __fish_seen_subcommand_from export" -l workspace -d 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]' -r
complete -c altloom -n "__fish_altloom_using_subcommand account; and __fish_seen_subcommand_from export" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_using_subcommand account; and __fish_seen_subcommand_from export" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_using_subcommand account; and __fish_seen_subcommand_from export" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_using_subcommand account; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help'
complete -c altloom -n "__fish_altloom_using_subcommand account; and __fish_seen_subcommand_from export" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_using_subcommand account; and __fish_seen_subcommand_from delete" -l api-url -d 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]' -r
complete -c altloom -n "__fish_altloom_using_subcommand account; and __fish_seen_subcommand_from delete" -l workspace -d 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]' -r
complete -c altloom -n "__fish_altloom_using_subcommand account; and __fish_seen_subcommand_from delete" -l yes -d 'Do not ask for confirmation (needed when stdin is not a terminal)'
complete -c altloom -n "__fish_altloom_using_subcommand account; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_using_subcommand account; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_using_subcommand account; and __fish_seen_subcommand_from delete" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_using_subcommand account; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c altloom -n "__fish_altloom_using_subcommand account; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_using_subcommand account; and __fish_seen_subcommand_from help" -f -a "export" -d 'Download everything the server holds about you, as JSON'
complete -c altloom -n "__fish_altloom_using_subcommand account; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete your account, your tokens, and the workspaces only you own'
complete -c altloom -n "__fish_altloom_using_subcommand account; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c altloom -n "__fish_altloom_using_subcommand init" -l formats -d 'Output formats, comma-separated [suggested: original,webp]' -r
complete -c altloom -n "__fish_altloom_using_subcommand init" -l widths -d 'Widths of responsive variants, comma-separated, or none [suggested: none]' -r
complete -c altloom -n "__fish_altloom_using_subcommand init" -l quality -d 'Quality: web, high, max-savings, 1-100, or per format [suggested: web]' -r
complete -c altloom -n "__fish_altloom_using_subcommand init" -l site -d 'The workspace\'s WordPress sites to push to, comma-separated [suggested: none]' -r
complete -c altloom -n "__fish_altloom_using_subcommand init" -l lang -d 'Language of the alt text [suggested: the one of LANG, else en]' -r
complete -c altloom -n "__fish_altloom_using_subcommand init" -l api-url -d 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]' -r
complete -c altloom -n "__fish_altloom_using_subcommand init" -l workspace -d 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]' -r
complete -c altloom -n "__fish_altloom_using_subcommand init" -s y -l yes -d 'Write the suggested settings, and those given as flags, without asking'
complete -c altloom -n "__fish_altloom_using_subcommand init" -l force -d 'Replace an existing altloom.toml'
complete -c altloom -n "__fish_altloom_using_subcommand init" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_using_subcommand init" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_using_subcommand init" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_using_subcommand init" -s h -l help -d 'Print help'
complete -c altloom -n "__fish_altloom_using_subcommand init" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_using_subcommand config; and not __fish_seen_subcommand_from show help" -l api-url -d 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]' -r
complete -c altloom -n "__fish_altloom_using_subcommand config; and not __fish_seen_subcommand_from show help" -l workspace -d 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]' -r
complete -c altloom -n "__fish_altloom_using_subcommand config; and not __fish_seen_subcommand_from show help" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_using_subcommand config; and not __fish_seen_subcommand_from show help" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_using_subcommand config; and not __fish_seen_subcommand_from show help" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_using_subcommand config; and not __fish_seen_subcommand_from show help" -s h -l help -d 'Print help'
complete -c altloom -n "__fish_altloom_using_subcommand config; and not __fish_seen_subcommand_from show help" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_using_subcommand config; and not __fish_seen_subcommand_from show help" -f -a "show" -d 'Print every setting\'s resolved value and where it came from'
complete -c altloom -n "__fish_altloom_using_subcommand config; and not __fish_seen_subcommand_from show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c altloom -n "__fish_altloom_using_subcommand config; and __fish_seen_subcommand_from show" -l api-url -d 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]' -r
complete -c altloom -n "__fish_altloom_using_subcommand config; and __fish_seen_subcommand_from show" -l workspace -d 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]' -r
complete -c altloom -n "__fish_altloom_using_subcommand config; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_using_subcommand config; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_using_subcommand config; and __fish_seen_subcommand_from show" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_using_subcommand config; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c altloom -n "__fish_altloom_using_subcommand config; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print every setting\'s resolved value and where it came from'
complete -c altloom -n "__fish_altloom_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c altloom -n "__fish_altloom_using_subcommand completions" -l api-url -d 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]' -r
complete -c altloom -n "__fish_altloom_using_subcommand completions" -l workspace -d 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]' -r
complete -c altloom -n "__fish_altloom_using_subcommand completions" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_using_subcommand completions" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_using_subcommand completions" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_using_subcommand completions" -s h -l help -d 'Print help'
complete -c altloom -n "__fish_altloom_using_subcommand completions" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_using_subcommand man" -l api-url -d 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]' -r
complete -c altloom -n "__fish_altloom_using_subcommand man" -l workspace -d 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]' -r
complete -c altloom -n "__fish_altloom_using_subcommand man" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_using_subcommand man" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_using_subcommand man" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_using_subcommand man" -s h -l help -d 'Print help'
complete -c altloom -n "__fish_altloom_using_subcommand man" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_using_subcommand help; and not __fish_seen_subcommand_from optimize alt push sites wp restore signup login logout whoami workspaces tokens jobs usage billing account init config completions man help" -f -a "optimize" -d 'Optimise images: smaller JPEG, PNG, WebP and AVIF files, width variants, sRGB, no clutter'
complete -c altloom -n "__fish_altloom_using_subcommand help; and not __fish_seen_subcommand_from optimize alt push sites wp restore signup login logout whoami workspaces tokens jobs usage billing account init config completions man help" -f -a "alt" -d 'Write alt text, titles, captions and descriptions with AI into altloom-meta.json; review, export and import them'
complete -c altloom -n "__fish_altloom_using_subcommand help; and not __fish_seen_subcommand_from optimize alt push sites wp restore signup login logout whoami workspaces tokens jobs usage billing account init config completions man help" -f -a "push" -d 'Upload images with their alt text, title, caption and description to WordPress sites; reruns upload nothing twice'
complete -c altloom -n "__fish_altloom_using_subcommand help; and not __fish_seen_subcommand_from optimize alt push sites wp restore signup login logout whoami workspaces tokens jobs usage billing account init config completions man help" -f -a "sites" -d 'Connect the workspace\'s WordPress sites, and list, check or remove them'
complete -c altloom -n "__fish_altloom_using_subcommand help; and not __fish_seen_subcommand_from optimize alt push sites wp restore signup login logout whoami workspaces tokens jobs usage billing account init config completions man help" -f -a "wp" -d 'Work on a WordPress site\'s media library: fill in missing alt text, apply a review file'
complete -c altloom -n "__fish_altloom_using_subcommand help; and not __fish_seen_subcommand_from optimize alt push sites wp restore signup login logout whoami workspaces tokens jobs usage billing account init config completions man help" -f -a "restore" -d 'Put originals back from an `--in-place --backup DIR` run'
complete -c altloom -n "__fish_altloom_using_subcommand help; and not __fish_seen_subcommand_from optimize alt push sites wp restore signup login logout whoami workspaces tokens jobs usage billing account init config completions man help" -f -a "signup" -d 'Create an account and its first workspace, and log in'
complete -c altloom -n "__fish_altloom_using_subcommand help; and not __fish_seen_subcommand_from optimize alt push sites wp restore signup login logout whoami workspaces tokens jobs usage billing account init config completions man help" -f -a "login" -d 'Log in to the account server (password, --device in a browser, or --with-token for CI)'
complete -c altloom -n "__fish_altloom_using_subcommand help; and not __fish_seen_subcommand_from optimize alt push sites wp restore signup login logout whoami workspaces tokens jobs usage billing account init config completions man help" -f -a "logout" -d 'Log out: revoke this machine\'s token and forget it'
complete -c altloom -n "__fish_altloom_using_subcommand help; and not __fish_seen_subcommand_from optimize alt push sites wp restore signup login logout whoami workspaces tokens jobs usage billing account init config completions man help" -f -a "whoami" -d 'Show who the current token acts as, and where'
complete -c altloom -n "__fish_altloom_using_subcommand help; and not __fish_seen_subcommand_from optimize alt push sites wp restore signup login logout whoami workspaces tokens jobs usage billing account init config completions man help" -f -a "workspaces" -d 'List, switch, create and share workspaces'
complete -c altloom -n "__fish_altloom_using_subcommand help; and not __fish_seen_subcommand_from optimize alt push sites wp restore signup login logout whoami workspaces tokens jobs usage billing account init config completions man help" -f -a "tokens" -d 'Create, list and revoke workspace tokens (for CI)'
complete -c altloom -n "__fish_altloom_using_subcommand help; and not __fish_seen_subcommand_from optimize alt push sites wp restore signup login logout whoami workspaces tokens jobs usage billing account init config completions man help" -f -a "jobs" -d 'Show the job history of the current workspace'
complete -c altloom -n "__fish_altloom_using_subcommand help; and not __fish_seen_subcommand_from optimize alt push sites wp restore signup login logout whoami workspaces tokens jobs usage billing account init config completions man help" -f -a "usage" -d 'Show the workspace\'s plan, AI credits left this period, sites and members'
complete -c altloom -n "__fish_altloom_using_subcommand help; and not __fish_seen_subcommand_from optimize alt push sites wp restore signup login logout whoami workspaces tokens jobs usage billing account init config completions man help" -f -a "billing" -d 'Subscribe to a paid plan, or manage the subscription, on Stripe\'s pages'
complete -c altloom -n "__fish_altloom_using_subcommand help; and not __fish_seen_subcommand_from optimize alt push sites wp restore signup login logout whoami workspaces tokens jobs usage billing account init config completions man help" -f -a "account" -d 'Export or delete your account and its data'
complete -c altloom -n "__fish_altloom_using_subcommand help; and not __fish_seen_subcommand_from optimize alt push sites wp restore signup login logout whoami workspaces tokens jobs usage billing account init config completions man help" -f -a "init" -d 'Write ./altloom.toml for this project: formats, widths, quality, sites, alt text language'
complete -c altloom -n "__fish_altloom_using_subcommand help; and not __fish_seen_subcommand_from optimize alt push sites wp restore signup login logout whoami workspaces tokens jobs usage billing account init config completions man help" -f -a "config" -d 'Inspect configuration'
complete -c altloom -n "__fish_altloom_using_subcommand help; and not __fish_seen_subcommand_from optimize alt push sites wp restore signup login logout whoami workspaces tokens jobs usage billing account init config completions man help" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
complete -c altloom -n "__fish_altloom_using_subcommand help; and not __fish_seen_subcommand_from optimize alt push sites wp restore signup login logout whoami workspaces tokens jobs usage billing account init config completions man help" -f -a "man" -d 'Print the manual page (roff): `altloom man | man -l -`'
complete -c altloom -n "__fish_altloom_using_subcommand help; and not __fish_seen_subcommand_from optimize alt push sites wp restore signup login logout whoami workspaces tokens jobs usage billing account init config completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c altloom -n "__fish_altloom_using_subcommand help; and __fish_seen_subcommand_from alt" -f -a "export" -d 'Write the metadata as a CSV spreadsheet, for review outside the terminal'
complete -c altloom -n "__fish_altloom_using_subcommand help; and __fish_seen_subcommand_from alt" -f -a "import" -d 'Read an edited CSV back: changed rows become human-written and reviewed'
complete -c altloom -n "__fish_altloom_using_subcommand help; and __fish_seen_subcommand_from sites" -f -a "add" -d 'Connect a site: the server checks the user can upload media, then keeps the Application Password encrypted. The password is asked for (or read from stdin), never a flag'
complete -c altloom -n "__fish_altloom_using_subcommand help; and __fish_seen_subcommand_from sites" -f -a "list" -d 'List the workspace\'s sites'
complete -c altloom -n "__fish_altloom_using_subcommand help; and __fish_seen_subcommand_from sites" -f -a "test" -d 'Check a site\'s stored credentials against the site again'
complete -c altloom -n "__fish_altloom_using_subcommand help; and __fish_seen_subcommand_from sites" -f -a "remove" -d 'Forget a site\'s credentials and its push ledger (nothing on the site is deleted)'
complete -c altloom -n "__fish_altloom_using_subcommand help; and __fish_seen_subcommand_from wp" -f -a "fill-alt" -d 'Describe the images of a site\'s media library that have no alt text and write the text to them (only into empty fields, unless --overwrite), or into a review file (--review)'
complete -c altloom -n "__fish_altloom_using_subcommand help; and __fish_seen_subcommand_from wp" -f -a "apply" -d 'Write a review file of `wp fill-alt --review` to its site; text that appeared on the site since is kept and reported (unless --overwrite)'
complete -c altloom -n "__fish_altloom_using_subcommand help; and __fish_seen_subcommand_from workspaces" -f -a "list" -d 'List the workspaces you can act in; `*` marks the current one'
complete -c altloom -n "__fish_altloom_using_subcommand help; and __fish_seen_subcommand_from workspaces" -f -a "switch" -d 'Make a workspace the current one, by id or name'
complete -c altloom -n "__fish_altloom_using_subcommand help; and __fish_seen_subcommand_from workspaces" -f -a "create" -d 'Create a workspace (you become its owner)'
complete -c altloom -n "__fish_altloom_using_subcommand help; and __fish_seen_subcommand_from workspaces" -f -a "members" -d 'List the members of the current workspace'
complete -c altloom -n "__fish_altloom_using_subcommand help; and __fish_seen_subcommand_from workspaces" -f -a "invite" -d 'Invite someone to the current workspace: prints a link to send them'
complete -c altloom -n "__fish_altloom_using_subcommand help; and __fish_seen_subcommand_from workspaces" -f -a "join" -d 'Accept an invite: paste the link (or the token after its `#`) when asked, or pipe it to stdin. It is never taken as an argument, where process listings and shell history keep it'
complete -c altloom -n "__fish_altloom_using_subcommand help; and __fish_seen_subcommand_from tokens" -f -a "create" -d 'Create a workspace token; it is printed once, on stdout'
complete -c altloom -n "__fish_altloom_using_subcommand help; and __fish_seen_subcommand_from tokens" -f -a "list" -d 'List the tokens of the current workspace'
complete -c altloom -n "__fish_altloom_using_subcommand help; and __fish_seen_subcommand_from tokens" -f -a "revoke" -d 'Revoke a token, by id or name; it stops working at once'
complete -c altloom -n "__fish_altloom_using_subcommand help; and __fish_seen_subcommand_from billing" -f -a "upgrade" -d 'Subscribe the current workspace to a paid plan: prints a Stripe Checkout link'
complete -c altloom -n "__fish_altloom_using_subcommand help; and __fish_seen_subcommand_from billing" -f -a "portal" -d 'Change plan, payment method or invoices, or cancel: prints a Stripe Customer Portal link'
complete -c altloom -n "__fish_altloom_using_subcommand help; and __fish_seen_subcommand_from account" -f -a "export" -d 'Download everything the server holds about you, as JSON'
complete -c altloom -n "__fish_altloom_using_subcommand help; and __fish_seen_subcommand_from account" -f -a "delete" -d 'Delete your account, your tokens, and the workspaces only you own'
complete -c altloom -n "__fish_altloom_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "show" -d 'Print every setting\'s resolved value and where it came from'
