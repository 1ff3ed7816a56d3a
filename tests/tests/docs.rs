//! The guides in docs/ stay true to the code they describe: the self-hosting guide has a row for
//! every variable the server reads, and every relative link in the README and the guides points
//! at a file that exists.

use std::path::{Path, PathBuf};

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read(relative: &str) -> String {
    std::fs::read_to_string(repository().join(relative))
        .unwrap_or_else(|error| panic!("cannot read {relative}: {error}"))
}

#[test]
fn the_self_hosting_guide_lists_every_server_variable() {
    let guide = read("docs/self-hosting.md");
    for (name, _, _) in altloom_server::config::VARIABLES {
        assert!(
            guide.contains(&format!("| `{name}` |")),
            "docs/self-hosting.md has no table row for {name}"
        );
    }
}

/// The targets of Markdown links `[text](target)` that are not web addresses or anchors, without
/// their `#fragment`.
fn relative_links(text: &str) -> Vec<String> {
    text.match_indices("](")
        .filter_map(|(start, _)| {
            let rest = &text[start + 2..];
            let target = &rest[..rest.find(')')?];
            let path = target.split('#').next().unwrap_or_default();
            let external = target.contains("://") || target.starts_with("mailto:");
            (!external && !path.is_empty()).then(|| path.to_string())
        })
        .collect()
}

#[test]
fn relative_links_in_the_readme_and_the_guides_resolve() {
    let mut documents = vec![PathBuf::from("README.md"), PathBuf::from("ARCHITECTURE.md")];
    for entry in std::fs::read_dir(repository().join("docs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|extension| extension == "md") {
            documents.push(Path::new("docs").join(path.file_name().unwrap()));
        }
    }
    assert!(documents.len() >= 6, "{documents:?}");
    for document in documents {
        let text = read(document.to_str().unwrap());
        let folder = repository().join(document.parent().unwrap());
        for link in relative_links(&text) {
            assert!(
                folder.join(&link).exists(),
                "{} links to {link}, which does not exist",
                document.display()
            );
        }
        if document.starts_with("docs") {
            assert!(
                text.starts_with("<!-- docs/"),
                "{} does not start with a comment saying what it is for",
                document.display()
            );
        }
    }
}
