
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
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Put originals back from an `--in-place --backup DIR` run')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Inspect configuration')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'altloom;optimize' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Folder for the outputs, mirroring the input tree [default: ./altloom-out]')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Folder for the outputs, mirroring the input tree [default: ./altloom-out]')
            [CompletionResult]::new('--backup', '--backup', [CompletionResultType]::ParameterName, 'With --in-place: copy each original here first; `altloom restore --backup DIR` undoes')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output formats, comma-separated: original, jpeg, png, webp, avif [default: original]')
            [CompletionResult]::new('--formats', '--formats', [CompletionResultType]::ParameterName, 'Output formats, comma-separated: original, jpeg, png, webp, avif [default: original]')
            [CompletionResult]::new('--quality', '--quality', [CompletionResultType]::ParameterName, 'Quality: web, high, max-savings, 1-100, or per format (jpeg=80,webp=75) [default: web]')
            [CompletionResult]::new('--chroma', '--chroma', [CompletionResultType]::ParameterName, 'JPEG chroma subsampling: 420 or 444 [default: 420]')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Widths of responsive variants, comma-separated (never upscaled)')
            [CompletionResult]::new('--widths', '--widths', [CompletionResultType]::ParameterName, 'Widths of responsive variants, comma-separated (never upscaled)')
            [CompletionResult]::new('--name-template', '--name-template', [CompletionResultType]::ParameterName, 'File name of width variants [default: {stem}-{width}w.{ext}]')
            [CompletionResult]::new('--keep-metadata', '--keep-metadata', [CompletionResultType]::ParameterName, 'Metadata to keep [default: none]')
            [CompletionResult]::new('--max-pixels', '--max-pixels', [CompletionResultType]::ParameterName, 'Refuse images with more pixels than this, before decoding [default: 100000000]')
            [CompletionResult]::new('--memory-budget-mb', '--memory-budget-mb', [CompletionResultType]::ParameterName, 'MiB of decoded pixels held at once across workers [default: 2048]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on a file after this many seconds; 0 never [default: 300]')
            [CompletionResult]::new('--avif-speed', '--avif-speed', [CompletionResultType]::ParameterName, 'AVIF encoder speed from 1 (slow, small) to 10 (fast) [default: 6]')
            [CompletionResult]::new('--include', '--include', [CompletionResultType]::ParameterName, 'Only files matching this glob (repeatable)')
            [CompletionResult]::new('--exclude', '--exclude', [CompletionResultType]::ParameterName, 'Skip files matching this glob (repeatable)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Files processed in parallel [default: one per core]')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Files processed in parallel [default: one per core]')
            [CompletionResult]::new('--report', '--report', [CompletionResultType]::ParameterName, 'Also write the machine-readable report to this file')
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
        'altloom;restore' {
            [CompletionResult]::new('--backup', '--backup', [CompletionResultType]::ParameterName, 'The backup folder given to `optimize --in-place --backup`')
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
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Put originals back from an `--in-place --backup DIR` run')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Inspect configuration')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'altloom;help;optimize' {
            break
        }
        'altloom;help;restore' {
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
        'altloom;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
