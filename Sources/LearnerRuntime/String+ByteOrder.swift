extension Sequence<String> {
    /// Sorted by the bytes of their UTF-8 encoding: the same order on every machine and locale,
    /// which file listings and digests need (`sorted()` compares by Unicode canonical ordering).
    package func sortedByBytes() -> [String] {
        sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
