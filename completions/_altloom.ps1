
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'altloom' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'altloom'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'altloom' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('optimize', 'optimize', [CompletionResultType]::ParameterValue, 'Optimise images: smaller JPEG, PNG, WebP and AVIF files, width variants, sRGB, no clutter')
            [CompletionResult]::new('alt', 'alt', [CompletionResultType]::ParameterValue, 'Write alt text, titles, captions and descriptions with AI into altloom-meta.json; review, export and import them')
            [CompletionResult]::new('push', 'push', [CompletionResultType]::ParameterValue, 'Upload images with their alt text, title, caption and description to WordPress sites; reruns upload nothing twice')
            [CompletionResult]::new('sites', 'sites', [CompletionResultType]::ParameterValue, 'Connect the workspace''s WordPress sites, and list, check or remove them')
            [CompletionResult]::new('wp', 'wp', [CompletionResultType]::ParameterValue, 'Work on a WordPress site''s media library: fill in missing alt text, apply a review file')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Put originals back from an `--in-place --backup DIR` run')
            [CompletionResult]::new('signup', 'signup', [CompletionResultType]::ParameterValue, 'Create an account and its first workspace, and log in')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Log in to the account server (password, --device in a browser, or --with-token for CI)')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Log out: revoke this machine''s token and forget it')
            [CompletionResult]::new('whoami', 'whoami', [CompletionResultType]::ParameterValue, 'Show who the current token acts as, and where')
            [CompletionResult]::new('workspaces', 'workspaces', [CompletionResultType]::ParameterValue, 'List, switch, create and share workspaces')
            [CompletionResult]::new('tokens', 'tokens', [CompletionResultType]::ParameterValue, 'Create, list and revoke workspace tokens (for CI)')
            [CompletionResult]::new('jobs', 'jobs', [CompletionResultType]::ParameterValue, 'Show the job history of the current workspace')
            [CompletionResult]::new('usage', 'usage', [CompletionResultType]::ParameterValue, 'Show the workspace''s plan, AI credits left this period, sites and members')
            [CompletionResult]::new('billing', 'billing', [CompletionResultType]::ParameterValue, 'Subscribe to a paid plan, or manage the subscription, on Stripe''s pages')
            [CompletionResult]::new('account', 'account', [CompletionResultType]::ParameterValue, 'Export or delete your account and its data')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write ./altloom.toml for this project: formats, widths, quality, sites, alt text language')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Inspect configuration')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the manual page (roff): `altloom man | man -l -`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'altloom;optimize' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Folder for the outputs, mirroring the input tree [default: ./altloom-out]')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Folder for the outputs, mirroring the input tree [default: ./altloom-out]')
            [CompletionResult]::new('--backup', '--backup', [CompletionResultType]::ParameterName, 'With --in-place: copy each original here first; `altloom restore --backup DIR` undoes')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output formats, comma-separated: original, jpeg, png, webp, avif; or auto alone (the smallest of --allow at the quality target, per variant) [default: original]')
            [CompletionResult]::new('--formats', '--formats', [CompletionResultType]::ParameterName, 'Output formats, comma-separated: original, jpeg, png, webp, avif; or auto alone (the smallest of --allow at the quality target, per variant) [default: original]')
            [CompletionResult]::new('--allow', '--allow', [CompletionResultType]::ParameterName, 'The candidates of --formats auto, comma-separated [default: jpeg,webp]')
            [CompletionResult]::new('--quality', '--quality', [CompletionResultType]::ParameterName, 'Quality: web, high, max-savings, 1-100, or per format (jpeg=80,webp=75) [default: web]')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Perceptual target each JPEG and WebP output is searched to meet: auto (the quality preset''s), off (fixed settings), or METRIC:VALUE such as dssim:0.0012 or ssimulacra2:80 [default: auto]')
            [CompletionResult]::new('--chroma', '--chroma', [CompletionResultType]::ParameterName, 'JPEG chroma subsampling: 420 or 444 [default: 420]')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Widths of responsive variants, comma-separated (never upscaled)')
            [CompletionResult]::new('--widths', '--widths', [CompletionResultType]::ParameterName, 'Widths of responsive variants, comma-separated (never upscaled)')
            [CompletionResult]::new('--name-template', '--name-template', [CompletionResultType]::ParameterName, 'File name of width variants [default: {stem}-{width}w.{ext}]')
            [CompletionResult]::new('--keep-metadata', '--keep-metadata', [CompletionResultType]::ParameterName, 'Metadata to keep [default: none]')
            [CompletionResult]::new('--max-pixels', '--max-pixels', [CompletionResultType]::ParameterName, 'Refuse images with more pixels than this, before decoding [default: 100000000]')
            [CompletionResult]::new('--memory-budget-mb', '--memory-budget-mb', [CompletionResultType]::ParameterName, 'Estimated working memory of the images in flight, in MiB [default: 200 per worker, at least 400]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on a file after this many seconds; 0 never [default: 300]')
            [CompletionResult]::new('--avif-speed', '--avif-speed', [CompletionResultType]::ParameterName, 'AVIF encoder speed from 1 (slow, small) to 10 (fast) [default: 6]')
            [CompletionResult]::new('--include', '--include', [CompletionResultType]::ParameterName, 'Only files matching this glob (repeatable)')
            [CompletionResult]::new('--exclude', '--exclude', [CompletionResultType]::ParameterName, 'Skip files matching this glob (repeatable)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Files processed in parallel [default: one per core]')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Files processed in parallel [default: one per core]')
            [CompletionResult]::new('--shard', '--shard', [CompletionResultType]::ParameterName, 'Handle only part K of N (1/4 to 4/4), split by each file''s path, so N runners share one batch; auto/N takes K from JOB_COMPLETION_INDEX (a Kubernetes Indexed Job)')
            [CompletionResult]::new('--report', '--report', [CompletionResultType]::ParameterName, 'Also write the machine-readable report to this file')
            [CompletionResult]::new('--check-threshold', '--check-threshold', [CompletionResultType]::ParameterName, 'With --check: the saving that fails a file, as 15% or 15 [default: 10%]')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of the text, BCP 47 (en, pt-BR, de) [default: en]')
            [CompletionResult]::new('--keywords', '--keywords', [CompletionResultType]::ParameterName, 'Words to use where they are true to the image, comma-separated (never forced)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Where the images appear (the page, the product), so the text fits its purpose')
            [CompletionResult]::new('--max-chars', '--max-chars', [CompletionResultType]::ParameterName, 'Longest alt text, in characters [default: 125]')
            [CompletionResult]::new('--fields', '--fields', [CompletionResultType]::ParameterName, 'Fields to write, comma-separated: alt, title, caption, description [default: all four]')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Who writes the text [default: altloom]')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'With --provider openai-compatible: the API base URL, such as http://127.0.0.1:11434/v1')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'With --provider openai-compatible: the model to call')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Images described at once, 1-32 [default: 4]')
            [CompletionResult]::new('--site', '--site', [CompletionResultType]::ParameterName, 'The workspace''s sites, by name, comma-separated (see `altloom sites list`)')
            [CompletionResult]::new('--wp-url', '--wp-url', [CompletionResultType]::ParameterName, 'Without an account: the site''s address (the Application Password comes from ALTLOOM_WP_APP_PASSWORD)')
            [CompletionResult]::new('--wp-user', '--wp-user', [CompletionResultType]::ParameterName, 'Without an account: the WordPress user the Application Password belongs to')
            [CompletionResult]::new('--push-concurrency', '--push-concurrency', [CompletionResultType]::ParameterName, 'Uploads to one site at once [default: 4]')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]')
            [CompletionResult]::new('--in-place', '--in-place', [CompletionResultType]::ParameterName, 'Replace the originals (needs --backup DIR or --no-backup)')
            [CompletionResult]::new('--no-backup', '--no-backup', [CompletionResultType]::ParameterName, 'With --in-place: replace originals without keeping a copy')
            [CompletionResult]::new('--png-lossy', '--png-lossy', [CompletionResultType]::ParameterName, 'Quantise PNGs to a palette (like pngquant) when the result meets the quality floor')
            [CompletionResult]::new('--no-original-size', '--no-original-size', [CompletionResultType]::ParameterName, 'Write only the width variants, not the full-size output')
            [CompletionResult]::new('--keep-icc', '--keep-icc', [CompletionResultType]::ParameterName, 'Embed the original ICC profile instead of converting the pixels to sRGB')
            [CompletionResult]::new('--skip-larger', '--skip-larger', [CompletionResultType]::ParameterName, 'Do not write converted outputs that are larger than the same-format output')
            [CompletionResult]::new('--no-ignore', '--no-ignore', [CompletionResultType]::ParameterName, 'Do not honour .gitignore and .ignore files')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Redo every file, even when the cache says its outputs are current')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the machine-readable report to stdout instead of the summary')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'List what would be written; write nothing')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'CI gate: write nothing, and exit 1 naming each file that could be more than --check-threshold smaller, or that breaks a [[check.budget]] of altloom.toml')
            [CompletionResult]::new('--no-report-job', '--no-report-job', [CompletionResultType]::ParameterName, 'Do not report this run to the workspace''s job history (setting: report-jobs)')
            [CompletionResult]::new('--report-paths', '--report-paths', [CompletionResultType]::ParameterName, 'Include file paths in the job report (by default only counts, sizes and reasons)')
            [CompletionResult]::new('--alt', '--alt', [CompletionResultType]::ParameterName, 'Also write AI alt text, titles, captions and descriptions into OUT/altloom-meta.json')
            [CompletionResult]::new('--overwrite', '--overwrite', [CompletionResultType]::ParameterName, 'Replace existing text, even text a person wrote or reviewed')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Ask the model again even when an earlier answer is cached (costs credits)')
            [CompletionResult]::new('--allow-partial', '--allow-partial', [CompletionResultType]::ParameterName, 'When the credits left do not cover every image, describe as many as they do')
            [CompletionResult]::new('--push', '--push', [CompletionResultType]::ParameterName, 'Then upload each image''s best full-size output, with its metadata, to WordPress')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'altloom;alt' {
            [CompletionResult]::new('--meta', '--meta', [CompletionResultType]::ParameterName, 'The metadata file [default: ./altloom-meta.json]')
            [CompletionResult]::new('--include', '--include', [CompletionResultType]::ParameterName, 'Only files matching this glob (repeatable)')
            [CompletionResult]::new('--exclude', '--exclude', [CompletionResultType]::ParameterName, 'Skip files matching this glob (repeatable)')
            [CompletionResult]::new('--shard', '--shard', [CompletionResultType]::ParameterName, 'Describe only part K of N of the images (1/4 to 4/4), split by path as `optimize --shard` splits them; auto/N takes K from JOB_COMPLETION_INDEX')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of the text, BCP 47 (en, pt-BR, de) [default: en]')
            [CompletionResult]::new('--keywords', '--keywords', [CompletionResultType]::ParameterName, 'Words to use where they are true to the image, comma-separated (never forced)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Where the images appear (the page, the product), so the text fits its purpose')
            [CompletionResult]::new('--max-chars', '--max-chars', [CompletionResultType]::ParameterName, 'Longest alt text, in characters [default: 125]')
            [CompletionResult]::new('--fields', '--fields', [CompletionResultType]::ParameterName, 'Fields to write, comma-separated: alt, title, caption, description [default: all four]')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Who writes the text [default: altloom]')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'With --provider openai-compatible: the API base URL, such as http://127.0.0.1:11434/v1')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'With --provider openai-compatible: the model to call')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Images described at once, 1-32 [default: 4]')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]')
            [CompletionResult]::new('--review', '--review', [CompletionResultType]::ParameterName, 'Walk the entries: accept, edit, skip or mark each decorative (after describing PATHS)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'With --review: also the entries already reviewed')
            [CompletionResult]::new('--overwrite', '--overwrite', [CompletionResultType]::ParameterName, 'Replace existing text, even text a person wrote or reviewed')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Ask the model again even when an earlier answer is cached (costs credits)')
            [CompletionResult]::new('--allow-partial', '--allow-partial', [CompletionResultType]::ParameterName, 'When the credits left do not cover every image, describe as many as they do')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write the metadata as a CSV spreadsheet, for review outside the terminal')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Read an edited CSV back: changed rows become human-written and reviewed')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'altloom;alt;export' {
            [CompletionResult]::new('--csv', '--csv', [CompletionResultType]::ParameterName, 'The CSV file to write (`-` for stdout)')
            [CompletionResult]::new('--meta', '--meta', [CompletionResultType]::ParameterName, 'The metadata file [default: ./altloom-meta.json]')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'altloom;alt;import' {
            [CompletionResult]::new('--meta', '--meta', [CompletionResultType]::ParameterName, 'The metadata file [default: ./altloom-meta.json]')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'altloom;alt;help' {
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write the metadata as a CSV spreadsheet, for review outside the terminal')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Read an edited CSV back: changed rows become human-written and reviewed')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'altloom;alt;help;export' {
            break
        }
        'altloom;alt;help;import' {
            break
        }
        'altloom;alt;help;help' {
            break
        }
        'altloom;push' {
            [CompletionResult]::new('--report', '--report', [CompletionResultType]::ParameterName, 'Upload the outputs of an `altloom optimize --report FILE` run (the best full-size format each site accepts)')
            [CompletionResult]::new('--meta', '--meta', [CompletionResultType]::ParameterName, 'The metadata file [default: altloom-meta.json in the output folder of --report, in a folder given as PATH, or in the current folder]')
            [CompletionResult]::new('--site', '--site', [CompletionResultType]::ParameterName, 'The workspace''s sites, by name, comma-separated (see `altloom sites list`)')
            [CompletionResult]::new('--wp-url', '--wp-url', [CompletionResultType]::ParameterName, 'Without an account: the site''s address (the Application Password comes from ALTLOOM_WP_APP_PASSWORD)')
            [CompletionResult]::new('--wp-user', '--wp-user', [CompletionResultType]::ParameterName, 'Without an account: the WordPress user the Application Password belongs to')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Uploads to one site at once [default: 4]')
            [CompletionResult]::new('--shard', '--shard', [CompletionResultType]::ParameterName, 'With PATHS: upload only part K of N of the files (1/4 to 4/4), split by path as `optimize --shard` splits them; auto/N takes K from JOB_COMPLETION_INDEX')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be uploaded or updated, and change nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the outcome as JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'altloom;sites' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Connect a site: the server checks the user can upload media, then keeps the Application Password encrypted. The password is asked for (or read from stdin), never a flag')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the workspace''s sites')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Check a site''s stored credentials against the site again')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Forget a site''s credentials and its push ledger (nothing on the site is deleted)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'altloom;sites;add' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The site''s address, such as https://example.com')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The WordPress user the Application Password belongs to')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'altloom;sites;list' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'altloom;sites;test' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'altloom;sites;remove' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (needed when stdin is not a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'altloom;sites;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Connect a site: the server checks the user can upload media, then keeps the Application Password encrypted. The password is asked for (or read from stdin), never a flag')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the workspace''s sites')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Check a site''s stored credentials against the site again')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Forget a site''s credentials and its push ledger (nothing on the site is deleted)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'altloom;sites;help;add' {
            break
        }
        'altloom;sites;help;list' {
            break
        }
        'altloom;sites;help;test' {
            break
        }
        'altloom;sites;help;remove' {
            break
        }
        'altloom;sites;help;help' {
            break
        }
        'altloom;wp' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('fill-alt', 'fill-alt', [CompletionResultType]::ParameterValue, 'Describe the images of a site''s media library that have no alt text and write the text to them (only into empty fields, unless --overwrite), or into a review file (--review)')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Write a review file of `wp fill-alt --review` to its site; text that appeared on the site since is kept and reported (unless --overwrite)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'altloom;wp;fill-alt' {
            [CompletionResult]::new('--site', '--site', [CompletionResultType]::ParameterName, 'The workspace''s sites, by name, comma-separated (see `altloom sites list`)')
            [CompletionResult]::new('--wp-url', '--wp-url', [CompletionResultType]::ParameterName, 'Without an account: the site''s address (the Application Password comes from ALTLOOM_WP_APP_PASSWORD)')
            [CompletionResult]::new('--wp-user', '--wp-user', [CompletionResultType]::ParameterName, 'Without an account: the WordPress user the Application Password belongs to')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Describe at most N images (the oldest first); a rerun picks up the rest')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only images uploaded on or after DATE (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS, the site''s time)')
            [CompletionResult]::new('--review', '--review', [CompletionResultType]::ParameterName, 'Write the text into a review file (.csv or .json) instead of the site, for `altloom wp apply FILE` [default FILE: altloom-review.csv]')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of the text, BCP 47 (en, pt-BR, de) [default: en]')
            [CompletionResult]::new('--keywords', '--keywords', [CompletionResultType]::ParameterName, 'Words to use where they are true to the image, comma-separated (never forced)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Where the images appear (the page, the product), so the text fits its purpose')
            [CompletionResult]::new('--max-chars', '--max-chars', [CompletionResultType]::ParameterName, 'Longest alt text, in characters [default: 125]')
            [CompletionResult]::new('--fields', '--fields', [CompletionResultType]::ParameterName, 'Fields to write, comma-separated: alt, title, caption, description [default: all four]')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Who writes the text [default: altloom]')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'With --provider openai-compatible: the API base URL, such as http://127.0.0.1:11434/v1')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'With --provider openai-compatible: the model to call')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Images described at once, 1-32 [default: 4]')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'List the images that would be described; change nothing and spend nothing')
            [CompletionResult]::new('--overwrite', '--overwrite', [CompletionResultType]::ParameterName, 'Replace existing text, even text a person wrote or reviewed')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Ask the model again even when an earlier answer is cached (costs credits)')
            [CompletionResult]::new('--allow-partial', '--allow-partial', [CompletionResultType]::ParameterName, 'When the credits left do not cover every image, describe as many as they do')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'altloom;wp;apply' {
            [CompletionResult]::new('--site', '--site', [CompletionResultType]::ParameterName, 'The workspace''s site to write to [default: the site the file names]')
            [CompletionResult]::new('--wp-url', '--wp-url', [CompletionResultType]::ParameterName, 'Without an account: the site''s address [default: the one the file names] (the Application Password comes from ALTLOOM_WP_APP_PASSWORD)')
            [CompletionResult]::new('--wp-user', '--wp-user', [CompletionResultType]::ParameterName, 'Without an account: the WordPress user the Application Password belongs to')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]')
            [CompletionResult]::new('--overwrite', '--overwrite', [CompletionResultType]::ParameterName, 'Replace text on the site that differs from the file''s (a person''s, or added since)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be written; change nothing')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'altloom;wp;help' {
            [CompletionResult]::new('fill-alt', 'fill-alt', [CompletionResultType]::ParameterValue, 'Describe the images of a site''s media library that have no alt text and write the text to them (only into empty fields, unless --overwrite), or into a review file (--review)')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Write a review file of `wp fill-alt --review` to its site; text that appeared on the site since is kept and reported (unless --overwrite)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'altloom;wp;help;fill-alt' {
            break
        }
        'altloom;wp;help;apply' {
            break
        }
        'altloom;wp;help;help' {
            break
        }
        'altloom;restore' {
            [CompletionResult]::new('--backup', '--backup', [CompletionResultType]::ParameterName, 'The backup folder given to `optimize --in-place --backup`')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'altloom;signup' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Your name [prompted when missing]')
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'Your email address [prompted when missing]')
            [CompletionResult]::new('--workspace-name', '--workspace-name', [CompletionResultType]::ParameterName, 'The name of your first workspace [prompted when missing]')
            [CompletionResult]::new('--token-name', '--token-name', [CompletionResultType]::ParameterName, 'Name of this machine''s token [default: altloom CLI on HOSTNAME]')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from the first line of stdin instead of prompting')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'altloom;login' {
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'Your email address [prompted when missing]')
            [CompletionResult]::new('--token-name', '--token-name', [CompletionResultType]::ParameterName, 'Name of this machine''s token [default: altloom CLI on HOSTNAME]')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from the first line of stdin instead of prompting')
            [CompletionResult]::new('--with-token', '--with-token', [CompletionResultType]::ParameterName, 'Read an API token from stdin (for CI), check it with the server and store it')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'Log in by approving a code in a browser where you are logged in')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'altloom;logout' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'altloom;whoami' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the server''s answer as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'altloom;workspaces' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the workspaces you can act in; `*` marks the current one')
            [CompletionResult]::new('switch', 'switch', [CompletionResultType]::ParameterValue, 'Make a workspace the current one, by id or name')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a workspace (you become its owner)')
            [CompletionResult]::new('members', 'members', [CompletionResultType]::ParameterValue, 'List the members of the current workspace')
            [CompletionResult]::new('invite', 'invite', [CompletionResultType]::ParameterValue, 'Invite someone to the current workspace: prints a link to send them')
            [CompletionResult]::new('join', 'join', [CompletionResultType]::ParameterValue, 'Accept an invite: paste the link (or the token after its `#`) when asked, or pipe it to stdin. It is never taken as an argument, where process listings and shell history keep it')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'altloom;workspaces;list' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'altloom;workspaces;switch' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'altloom;workspaces;create' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'altloom;workspaces;members' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'altloom;workspaces;invite' {
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'The role the invitee gets')
            [CompletionResult]::new('--expires-in-days', '--expires-in-days', [CompletionResultType]::ParameterName, 'Days the link stays valid (at most 30) [default: 7]')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'altloom;workspaces;join' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'altloom;workspaces;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the workspaces you can act in; `*` marks the current one')
            [CompletionResult]::new('switch', 'switch', [CompletionResultType]::ParameterValue, 'Make a workspace the current one, by id or name')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a workspace (you become its owner)')
            [CompletionResult]::new('members', 'members', [CompletionResultType]::ParameterValue, 'List the members of the current workspace')
            [CompletionResult]::new('invite', 'invite', [CompletionResultType]::ParameterValue, 'Invite someone to the current workspace: prints a link to send them')
            [CompletionResult]::new('join', 'join', [CompletionResultType]::ParameterValue, 'Accept an invite: paste the link (or the token after its `#`) when asked, or pipe it to stdin. It is never taken as an argument, where process listings and shell history keep it')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'altloom;workspaces;help;list' {
            break
        }
        'altloom;workspaces;help;switch' {
            break
        }
        'altloom;workspaces;help;create' {
            break
        }
        'altloom;workspaces;help;members' {
            break
        }
        'altloom;workspaces;help;invite' {
            break
        }
        'altloom;workspaces;help;join' {
            break
        }
        'altloom;workspaces;help;help' {
            break
        }
        'altloom;tokens' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a workspace token; it is printed once, on stdout')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the tokens of the current workspace')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a token, by id or name; it stops working at once')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'altloom;tokens;create' {
            [CompletionResult]::new('--scopes', '--scopes', [CompletionResultType]::ParameterName, 'What it may do, comma-separated: jobs, alt_text, push, admin [default: jobs,alt_text,push]')
            [CompletionResult]::new('--expires-in-days', '--expires-in-days', [CompletionResultType]::ParameterName, 'Days until it expires [default: never]')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'altloom;tokens;list' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'altloom;tokens;revoke' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'altloom;tokens;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a workspace token; it is printed once, on stdout')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the tokens of the current workspace')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a token, by id or name; it stops working at once')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'altloom;tokens;help;create' {
            break
        }
        'altloom;tokens;help;list' {
            break
        }
        'altloom;tokens;help;revoke' {
            break
        }
        'altloom;tokens;help;help' {
            break
        }
        'altloom;jobs' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'How many jobs to show, newest first')
            [CompletionResult]::new('--before', '--before', [CompletionResultType]::ParameterName, 'Show jobs older than this job id (for paging)')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'altloom;usage' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'altloom;billing' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('upgrade', 'upgrade', [CompletionResultType]::ParameterValue, 'Subscribe the current workspace to a paid plan: prints a Stripe Checkout link')
            [CompletionResult]::new('portal', 'portal', [CompletionResultType]::ParameterValue, 'Change plan, payment method or invoices, or cancel: prints a Stripe Customer Portal link')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'altloom;billing;upgrade' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Only print the link; do not open a browser')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'altloom;billing;portal' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Only print the link; do not open a browser')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'altloom;billing;help' {
            [CompletionResult]::new('upgrade', 'upgrade', [CompletionResultType]::ParameterValue, 'Subscribe the current workspace to a paid plan: prints a Stripe Checkout link')
            [CompletionResult]::new('portal', 'portal', [CompletionResultType]::ParameterValue, 'Change plan, payment method or invoices, or cancel: prints a Stripe Customer Portal link')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'altloom;billing;help;upgrade' {
            break
        }
        'altloom;billing;help;portal' {
            break
        }
        'altloom;billing;help;help' {
            break
        }
        'altloom;account' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Download everything the server holds about you, as JSON')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete your account, your tokens, and the workspaces only you own')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'altloom;account;export' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to this file (readable only by you) instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to this file (readable only by you) instead of stdout')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'altloom;account;delete' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (needed when stdin is not a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'altloom;account;help' {
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Download everything the server holds about you, as JSON')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete your account, your tokens, and the workspaces only you own')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'altloom;account;help;export' {
            break
        }
        'altloom;account;help;delete' {
            break
        }
        'altloom;account;help;help' {
            break
        }
        'altloom;init' {
            [CompletionResult]::new('--formats', '--formats', [CompletionResultType]::ParameterName, 'Output formats, comma-separated [suggested: original,webp]')
            [CompletionResult]::new('--widths', '--widths', [CompletionResultType]::ParameterName, 'Widths of responsive variants, comma-separated, or none [suggested: none]')
            [CompletionResult]::new('--quality', '--quality', [CompletionResultType]::ParameterName, 'Quality: web, high, max-savings, 1-100, or per format [suggested: web]')
            [CompletionResult]::new('--site', '--site', [CompletionResultType]::ParameterName, 'The workspace''s WordPress sites to push to, comma-separated [suggested: none]')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of the alt text [suggested: the one of LANG, else en]')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Write the suggested settings, and those given as flags, without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Write the suggested settings, and those given as flags, without asking')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing altloom.toml')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'altloom;config' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print every setting''s resolved value and where it came from')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'altloom;config;show' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'altloom;config;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print every setting''s resolved value and where it came from')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'altloom;config;help;show' {
            break
        }
        'altloom;config;help;help' {
            break
        }
        'altloom;completions' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'altloom;man' {
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Account server URL (or ALTLOOM_API_URL) [default: the server of the last login, else https://app.altloom.com]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Workspace to act in, by id or name (or ALTLOOM_WORKSPACE) [default: the one chosen with `workspaces switch`]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (each file''s outcome)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'altloom;help' {
            [CompletionResult]::new('optimize', 'optimize', [CompletionResultType]::ParameterValue, 'Optimise images: smaller JPEG, PNG, WebP and AVIF files, width variants, sRGB, no clutter')
            [CompletionResult]::new('alt', 'alt', [CompletionResultType]::ParameterValue, 'Write alt text, titles, captions and descriptions with AI into altloom-meta.json; review, export and import them')
            [CompletionResult]::new('push', 'push', [CompletionResultType]::ParameterValue, 'Upload images with their alt text, title, caption and description to WordPress sites; reruns upload nothing twice')
            [CompletionResult]::new('sites', 'sites', [CompletionResultType]::ParameterValue, 'Connect the workspace''s WordPress sites, and list, check or remove them')
            [CompletionResult]::new('wp', 'wp', [CompletionResultType]::ParameterValue, 'Work on a WordPress site''s media library: fill in missing alt text, apply a review file')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Put originals back from an `--in-place --backup DIR` run')
            [CompletionResult]::new('signup', 'signup', [CompletionResultType]::ParameterValue, 'Create an account and its first workspace, and log in')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Log in to the account server (password, --device in a browser, or --with-token for CI)')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Log out: revoke this machine''s token and forget it')
            [CompletionResult]::new('whoami', 'whoami', [CompletionResultType]::ParameterValue, 'Show who the current token acts as, and where')
            [CompletionResult]::new('workspaces', 'workspaces', [CompletionResultType]::ParameterValue, 'List, switch, create and share workspaces')
            [CompletionResult]::new('tokens', 'tokens', [CompletionResultType]::ParameterValue, 'Create, list and revoke workspace tokens (for CI)')
            [CompletionResult]::new('jobs', 'jobs', [CompletionResultType]::ParameterValue, 'Show the job history of the current workspace')
            [CompletionResult]::new('usage', 'usage', [CompletionResultType]::ParameterValue, 'Show the workspace''s plan, AI credits left this period, sites and members')
            [CompletionResult]::new('billing', 'billing', [CompletionResultType]::ParameterValue, 'Subscribe to a paid plan, or manage the subscription, on Stripe''s pages')
            [CompletionResult]::new('account', 'account', [CompletionResultType]::ParameterValue, 'Export or delete your account and its data')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write ./altloom.toml for this project: formats, widths, quality, sites, alt text language')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Inspect configuration')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the manual page (roff): `altloom man | man -l -`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'altloom;help;optimize' {
            break
        }
        'altloom;help;alt' {
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write the metadata as a CSV spreadsheet, for review outside the terminal')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Read an edited CSV back: changed rows become human-written and reviewed')
            break
        }
        'altloom;help;alt;export' {
            break
        }
        'altloom;help;alt;import' {
            break
        }
        'altloom;help;push' {
            break
        }
        'altloom;help;sites' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Connect a site: the server checks the user can upload media, then keeps the Application Password encrypted. The password is asked for (or read from stdin), never a flag')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the workspace''s sites')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Check a site''s stored credentials against the site again')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Forget a site''s credentials and its push ledger (nothing on the site is deleted)')
            break
        }
        'altloom;help;sites;add' {
            break
        }
        'altloom;help;sites;list' {
            break
        }
        'altloom;help;sites;test' {
            break
        }
        'altloom;help;sites;remove' {
            break
        }
        'altloom;help;wp' {
            [CompletionResult]::new('fill-alt', 'fill-alt', [CompletionResultType]::ParameterValue, 'Describe the images of a site''s media library that have no alt text and write the text to them (only into empty fields, unless --overwrite), or into a review file (--review)')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Write a review file of `wp fill-alt --review` to its site; text that appeared on the site since is kept and reported (unless --overwrite)')
            break
        }
        'altloom;help;wp;fill-alt' {
            break
        }
        'altloom;help;wp;apply' {
            break
        }
        'altloom;help;restore' {
            break
        }
        'altloom;help;signup' {
            break
        }
        'altloom;help;login' {
            break
        }
        'altloom;help;logout' {
            break
        }
        'altloom;help;whoami' {
            break
        }
        'altloom;help;workspaces' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the workspaces you can act in; `*` marks the current one')
            [CompletionResult]::new('switch', 'switch', [CompletionResultType]::ParameterValue, 'Make a workspace the current one, by id or name')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a workspace (you become its owner)')
            [CompletionResult]::new('members', 'members', [CompletionResultType]::ParameterValue, 'List the members of the current workspace')
            [CompletionResult]::new('invite', 'invite', [CompletionResultType]::ParameterValue, 'Invite someone to the current workspace: prints a link to send them')
            [CompletionResult]::new('join', 'join', [CompletionResultType]::ParameterValue, 'Accept an invite: paste the link (or the token after its `#`) when asked, or pipe it to stdin. It is never taken as an argument, where process listings and shell history keep it')
            break
        }
        'altloom;help;workspaces;list' {
            break
        }
        'altloom;help;workspaces;switch' {
            break
        }
        'altloom;help;workspaces;create' {
            break
        }
        'altloom;help;workspaces;members' {
            break
        }
        'altloom;help;workspaces;invite' {
            break
        }
        'altloom;help;workspaces;join' {
            break
        }
        'altloom;help;tokens' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a workspace token; it is printed once, on stdout')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the tokens of the current workspace')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a token, by id or name; it stops working at once')
            break
        }
        'altloom;help;tokens;create' {
            break
        }
        'altloom;help;tokens;list' {
            break
        }
        'altloom;help;tokens;revoke' {
            break
        }
        'altloom;help;jobs' {
            break
        }
        'altloom;help;usage' {
            break
        }
        'altloom;help;billing' {
            [CompletionResult]::new('upgrade', 'upgrade', [CompletionResultType]::ParameterValue, 'Subscribe the current workspace to a paid plan: prints a Stripe Checkout link')
            [CompletionResult]::new('portal', 'portal', [CompletionResultType]::ParameterValue, 'Change plan, payment method or invoices, or cancel: prints a Stripe Customer Portal link')
            break
        }
        'altloom;help;billing;upgrade' {
            break
        }
        'altloom;help;billing;portal' {
            break
        }
        'altloom;help;account' {
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Download everything the server holds about you, as JSON')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete your account, your tokens, and the workspaces only you own')
            break
        }
        'altloom;help;account;export' {
            break
        }
        'altloom;help;account;delete' {
            break
        }
        'altloom;help;init' {
            break
        }
        'altloom;help;config' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print every setting''s resolved value and where it came from')
            break
        }
        'altloom;help;config;show' {
            break
        }
        'altloom;help;completions' {
            break
        }
        'altloom;help;man' {
            break
        }
        'altloom;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
