
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
            cand restore 'Put originals back from an `--in-place --backup DIR` run'
            cand config 'Inspect configuration'
            cand completions 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'altloom;optimize'= {
            cand -o 'Folder for the outputs, mirroring the input tree [default: ./altloom-out]'
            cand --out 'Folder for the outputs, mirroring the input tree [default: ./altloom-out]'
            cand --backup 'With --in-place: copy each original here first; `altloom restore --backup DIR` undoes'
            cand -f 'Output formats, comma-separated: original, jpeg, png, webp, avif [default: original]'
            cand --formats 'Output formats, comma-separated: original, jpeg, png, webp, avif [default: original]'
            cand --quality 'Quality: web, high, max-savings, 1-100, or per format (jpeg=80,webp=75) [default: web]'
            cand --chroma 'JPEG chroma subsampling: 420 or 444 [default: 420]'
            cand -w 'Widths of responsive variants, comma-separated (never upscaled)'
            cand --widths 'Widths of responsive variants, comma-separated (never upscaled)'
            cand --name-template 'File name of width variants [default: {stem}-{width}w.{ext}]'
            cand --keep-metadata 'Metadata to keep [default: none]'
            cand --max-pixels 'Refuse images with more pixels than this, before decoding [default: 100000000]'
            cand --memory-budget-mb 'MiB of decoded pixels held at once across workers [default: 2048]'
            cand --timeout 'Give up on a file after this many seconds; 0 never [default: 300]'
            cand --avif-speed 'AVIF encoder speed from 1 (slow, small) to 10 (fast) [default: 6]'
            cand --include 'Only files matching this glob (repeatable)'
            cand --exclude 'Skip files matching this glob (repeatable)'
            cand -j 'Files processed in parallel [default: one per core]'
            cand --jobs 'Files processed in parallel [default: one per core]'
            cand --report 'Also write the machine-readable report to this file'
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
        &'altloom;restore'= {
            cand --backup 'The backup folder given to `optimize --in-place --backup`'
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
            cand restore 'Put originals back from an `--in-place --backup DIR` run'
            cand config 'Inspect configuration'
            cand completions 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'altloom;help;optimize'= {
        }
        &'altloom;help;restore'= {
        }
        &'altloom;help;config'= {
            cand show 'Print every setting''s resolved value and where it came from'
        }
        &'altloom;help;config;show'= {
        }
        &'altloom;help;completions'= {
        }
        &'altloom;help;help'= {
        }
    ]
    $completions[$command]
}
