/// Errors of the Serialization module; each names the file and, for pickles, the byte offset and opcode.
public enum SerializationError: Error, CustomStringConvertible, Equatable {
    case unreadable(file: String)
    case pickle(file: String, offset: Int, opcode: String, problem: String)
    case unexpected(file: String, problem: String)

    public var description: String {
        switch self {
        case .unreadable(let file):
            "\(file): cannot read the file; check that it exists and is readable."
        case .pickle(let file, let offset, let opcode, let problem):
            "\(file): byte \(offset), opcode \(opcode): \(problem); the pickle is truncated or not a pickle."
        case .unexpected(let file, let problem):
            "\(file): \(problem)."
        }
    }
}
