# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_altloom_global_optspecs
    string join \n q/quiet v/verbose no-progress h/help V/version
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

complete -c altloom -n "__fish_altloom_needs_command" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_needs_command" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_needs_command" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_needs_command" -s h -l help -d 'Print help'
complete -c altloom -n "__fish_altloom_needs_command" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_needs_command" -f -a "optimize" -d 'Optimise images: smaller JPEG, PNG, WebP and AVIF files, width variants, sRGB, no clutter'
complete -c altloom -n "__fish_altloom_needs_command" -f -a "restore" -d 'Put originals back from an `--in-place --backup DIR` run'
complete -c altloom -n "__fish_altloom_needs_command" -f -a "config" -d 'Inspect configuration'
complete -c altloom -n "__fish_altloom_needs_command" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
complete -c altloom -n "__fish_altloom_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -s o -l out -d 'Folder for the outputs, mirroring the input tree [default: ./altloom-out]' -r -F
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l backup -d 'With --in-place: copy each original here first; `altloom restore --backup DIR` undoes' -r -F
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -s f -l formats -d 'Output formats, comma-separated: original, jpeg, png, webp, avif [default: original]' -r
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l quality -d 'Quality: web, high, max-savings, 1-100, or per format (jpeg=80,webp=75) [default: web]' -r
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l chroma -d 'JPEG chroma subsampling: 420 or 444 [default: 420]' -r
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -s w -l widths -d 'Widths of responsive variants, comma-separated (never upscaled)' -r
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l name-template -d 'File name of width variants [default: {stem}-{width}w.{ext}]' -r
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l keep-metadata -d 'Metadata to keep [default: none]' -r -f -a "none\t''
copyright\t''
all\t''"
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l max-pixels -d 'Refuse images with more pixels than this, before decoding [default: 100000000]' -r
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l memory-budget-mb -d 'MiB of decoded pixels held at once across workers [default: 2048]' -r
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l timeout -d 'Give up on a file after this many seconds; 0 never [default: 300]' -r
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l avif-speed -d 'AVIF encoder speed from 1 (slow, small) to 10 (fast) [default: 6]' -r
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l include -d 'Only files matching this glob (repeatable)' -r
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l exclude -d 'Skip files matching this glob (repeatable)' -r
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -s j -l jobs -d 'Files processed in parallel [default: one per core]' -r
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l report -d 'Also write the machine-readable report to this file' -r -F
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
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -s h -l help -d 'Print help'
complete -c altloom -n "__fish_altloom_using_subcommand optimize" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_using_subcommand restore" -l backup -d 'The backup folder given to `optimize --in-place --backup`' -r -F
complete -c altloom -n "__fish_altloom_using_subcommand restore" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_using_subcommand restore" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_using_subcommand restore" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_using_subcommand restore" -s h -l help -d 'Print help'
complete -c altloom -n "__fish_altloom_using_subcommand restore" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_using_subcommand config; and not __fish_seen_subcommand_from show help" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_using_subcommand config; and not __fish_seen_subcommand_from show help" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_using_subcommand config; and not __fish_seen_subcommand_from show help" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_using_subcommand config; and not __fish_seen_subcommand_from show help" -s h -l help -d 'Print help'
complete -c altloom -n "__fish_altloom_using_subcommand config; and not __fish_seen_subcommand_from show help" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_using_subcommand config; and not __fish_seen_subcommand_from show help" -f -a "show" -d 'Print every setting\'s resolved value and where it came from'
complete -c altloom -n "__fish_altloom_using_subcommand config; and not __fish_seen_subcommand_from show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c altloom -n "__fish_altloom_using_subcommand config; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_using_subcommand config; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_using_subcommand config; and __fish_seen_subcommand_from show" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_using_subcommand config; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c altloom -n "__fish_altloom_using_subcommand config; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print every setting\'s resolved value and where it came from'
complete -c altloom -n "__fish_altloom_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c altloom -n "__fish_altloom_using_subcommand completions" -s q -l quiet -d 'Print only errors'
complete -c altloom -n "__fish_altloom_using_subcommand completions" -s v -l verbose -d 'Print more detail (each file\'s outcome)'
complete -c altloom -n "__fish_altloom_using_subcommand completions" -l no-progress -d 'Never show a progress bar (it is also hidden when stderr is not a terminal or CI is set)'
complete -c altloom -n "__fish_altloom_using_subcommand completions" -s h -l help -d 'Print help'
complete -c altloom -n "__fish_altloom_using_subcommand completions" -s V -l version -d 'Print version'
complete -c altloom -n "__fish_altloom_using_subcommand help; and not __fish_seen_subcommand_from optimize restore config completions help" -f -a "optimize" -d 'Optimise images: smaller JPEG, PNG, WebP and AVIF files, width variants, sRGB, no clutter'
complete -c altloom -n "__fish_altloom_using_subcommand help; and not __fish_seen_subcommand_from optimize restore config completions help" -f -a "restore" -d 'Put originals back from an `--in-place --backup DIR` run'
complete -c altloom -n "__fish_altloom_using_subcommand help; and not __fish_seen_subcommand_from optimize restore config completions help" -f -a "config" -d 'Inspect configuration'
complete -c altloom -n "__fish_altloom_using_subcommand help; and not __fish_seen_subcommand_from optimize restore config completions help" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
complete -c altloom -n "__fish_altloom_using_subcommand help; and not __fish_seen_subcommand_from optimize restore config completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c altloom -n "__fish_altloom_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "show" -d 'Print every setting\'s resolved value and where it came from'
