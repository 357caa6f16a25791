/// A line diff (longest common subsequence), for `workbook solution --diff` and golden tests.
public enum LineDiff {
    /// Lines of `new` against `old`, prefixed `-`, `+` or ` `, with `context` unchanged lines
    /// around each change and `@@` between distant hunks. Empty when the texts are equal.
    public static func render(old: String, new: String, context: Int = 3) -> String {
        let a = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard a != b else { return "" }
        // LCS table from the end; O(n·m), fine for source files.
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var lines: [(Character, String)] = []
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                lines.append((" ", a[i]))
                i += 1
                j += 1
            } else if i < a.count, j == b.count || table[i + 1][j] >= table[i][j + 1] {
                lines.append(("-", a[i]))
                i += 1
            } else {
                lines.append(("+", b[j]))
                j += 1
            }
        }
        let changed = lines.indices.filter { lines[$0].0 != " " }
        var keep = Set<Int>()
        for index in changed { keep.formUnion(max(0, index - context)...min(lines.count - 1, index + context)) }
        var out: [String] = []
        var previous = -1
        for index in keep.sorted() {
            if previous >= 0 && index != previous + 1 { out.append("@@") }
            out.append("\(lines[index].0) \(lines[index].1)")
            previous = index
        }
        return out.joined(separator: "\n")
    }
}
