import Grading
import Webhooks

/// How errors are compared between learner and reference: by `WebhookError.kind`.
func classify(_ error: any Error) -> String {
    if let error = error as? WebhookError { return error.kind }
    return "unexpected \(type(of: error)): \(error)"
}

/// Runs `body`, capturing a value or an error kind; `Unimplemented` propagates.
func attempt<T: Equatable & Sendable>(_ body: () throws -> T) throws -> Attempt<T> {
    try Attempt(classifying: classify, body)
}
