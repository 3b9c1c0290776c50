/// Runs `change` on `value` in place: with a dictionary's
/// `[key, default:]` subscript, one hash lookup for the read and the write.
@inline(__always)
func modify<Value>(_ value: inout Value, _ change: (inout Value) -> Void) {
    change(&value)
}
