/// One side's answers to the chapter's exercises (the learner's or the reference's), and what the
/// pipelines are built from: the CLI builds them from `Solutions/etl`.
public struct ETLImplementations: Sendable {
    /// Exercise 1.
    public var normalizer: any ContactNormalizing
    /// Exercises 2 and 3.
    public var sql: any SQLExercises
    /// Exercise 4.
    public var incremental: any IncrementalLoading
    /// Exercise 5.
    public var changes: any ChangeApplying

    /// Creates a set of implementations.
    public init(
        normalizer: any ContactNormalizing, sql: any SQLExercises, incremental: any IncrementalLoading,
        changes: any ChangeApplying
    ) {
        self.normalizer = normalizer
        self.sql = sql
        self.incremental = incremental
        self.changes = changes
    }
}
