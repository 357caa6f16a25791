/// The result of calling learner or reference code, comparable across the two: a value, or the
/// kind of error thrown. `Unimplemented` is never captured; it propagates so the check reports
/// "not started".
public enum Attempt<Value: Equatable & Sendable>: Equatable, Sendable, CustomStringConvertible {
    /// The call returned.
    case returned(Value)
    /// The call threw; the string is the error's kind as the chapter classifies it.
    case threw(String)

    /// Runs `body`, capturing its result; errors are classified by `kind`.
    public init(classifying kind: (any Error) -> String, _ body: () throws -> Value) throws {
        do {
            self = .returned(try body())
        } catch let error as Unimplemented {
            throw error
        } catch {
            self = .threw(kind(error))
        }
    }

    public var description: String {
        switch self {
        case .returned(let value): "returns \(describe(value))"
        case .threw(let kind): "throws \(kind)"
        }
    }
}
