//! Embeds the bundled scenarios and skill framework so `rapport` works from any directory.

use std::fmt::Write;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=scenarios");
    println!("cargo:rerun-if-changed=assets/skills.ron");
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let mut files: Vec<_> = std::fs::read_dir(Path::new(&root).join("scenarios"))
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "ron"));
    files.sort();
    let mut out = String::from(
        "/// (file name, contents) of every bundled scenario.\npub const SCENARIOS: &[(&str, &str)] = &[\n",
    );
    for f in &files {
        let name = f.file_name().and_then(|n| n.to_str()).expect("UTF-8 file name");
        // Paths relative to the manifest, so clones sharing one target folder share this file.
        writeln!(
            out,
            "    ({name:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/scenarios/{name}\"))),"
        )
        .expect("write to String");
    }
    out.push_str("];\n");
    writeln!(
        out,
        "/// The bundled skill framework.\npub const SKILLS: &str = \
         include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/assets/skills.ron\"));"
    )
    .expect("write to String");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded.rs");
    std::fs::write(dest, out).expect("write embedded.rs");
}
