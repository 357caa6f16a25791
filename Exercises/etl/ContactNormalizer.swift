// Exercise etl/1: normalise a contact record in Swift, with every reason to reject it.
//
// Email: trim ASCII whitespace, ASCII-lowercase, validate. Phone: to E.164 (`+` and 8–15 digits).
// Country: any alias in `CountryTable.standard` to its ISO 3166-1 alpha-2 code. Timestamp: to
// `YYYY-MM-DDTHH:MM:SSZ`. Throw `ContactRejection` with every reason when anything is wrong. The
// exact rules are in Chapters/etl/README.md; `swift run workbook hint etl 1` if stuck.
import ETL
import LearnerRuntime

/// Normalises email, phone, country and timestamp, collecting every problem.
public struct ContactNormalizer: ContactNormalizing {
    private let countries: CountryTable

    /// Creates a normaliser with the workbook's reference country table.
    public init(countries: CountryTable = .standard) {
        self.countries = countries
    }

    public func normalize(_ raw: RawContact) throws -> Contact {
        // TODO: normalise each field; collect the reasons; throw ContactRejection(reasons) if any.
        throw Unimplemented()
    }
}
