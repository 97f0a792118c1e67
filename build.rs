// Language data under `resources/` is embedded with `include_dir!`; rebuild
// whenever any of it changes.
fn main() {
    println!("cargo:rerun-if-changed=resources");
}
