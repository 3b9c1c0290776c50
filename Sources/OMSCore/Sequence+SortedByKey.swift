extension Sequence {
    /// The elements in the order of a key computed once per element, not
    /// twice per comparison.
    func sorted<Key: Comparable>(byKey key: (Element) -> Key) -> [Element] {
        map { (key: key($0), element: $0) }.sorted { $0.key < $1.key }.map(\.element)
    }
}
