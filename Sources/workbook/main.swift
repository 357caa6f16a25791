import Foundation
import WorkbookCLI

exit(Workbook.main(Array(CommandLine.arguments.dropFirst())))
