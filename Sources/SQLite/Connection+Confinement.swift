internal import CSQLite

extension Connection {
    /// The path of the main database file; `nil` for an in-memory or temporary database.
    public var filePath: String? {
        guard let name = sqlite3_db_filename(handle, "main") else { return nil }
        let path = String(cString: name)
        return path.isEmpty ? nil : path
    }

    /// Refuses, from now on, what SQL written by a learner must not do to the grading process:
    /// attaching (and so creating) other database files, and loading extensions. A refused
    /// statement fails with `SQLITE_AUTH` ("not authorized").
    public func refuseAttachAndExtensions() {
        _ = csqlite_disable_extension_loading(handle)
        sqlite3_set_authorizer(
            handle,
            { _, action, _, _, _, _ in
                action == SQLITE_ATTACH || action == SQLITE_DETACH ? SQLITE_DENY : SQLITE_OK
            }, nil)
    }
}
