//! napi-rs build glue: links the N-API symbols.
fn main() {
    napi_build::setup();
}
