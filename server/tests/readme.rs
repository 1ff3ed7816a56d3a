//! The README documents every environment variable the server reads.

#[test]
fn every_variable_is_in_the_readme_table() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
    for (name, _, _) in altloom_server::config::VARIABLES {
        assert!(
            readme.contains(&format!("| `{name}` |")),
            "README.md has no table row for {name}"
        );
    }
}
