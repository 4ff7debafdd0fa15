/// Errors of the Serialization module. Every case names the file (or `<memory>` for in-memory data) and, where the
/// format has one, the byte offset, so a message reads `file @ byte N: opcode X: problem; hint`.
public enum SerializationError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file could not be read at all (missing, permissions, I/O).
    case unreadable(file: String, reason: String)
    /// A pickle stream is truncated, malformed or uses something this reader does not support.
    /// `opcode` is the pickletools name of the opcode being executed (nil before the first opcode).
    case pickle(file: String, offset: Int, opcode: String?, problem: String)
    /// A decoded value does not have the shape its interpretation needs (a numpy array's state, a tensor's
    /// arguments); `path` locates it (`gnd[3].bbx`, `state_dict.conv.weight`).
    case value(file: String, path: String, problem: String)
    /// A PyTorch checkpoint is not one, is truncated, or holds something this reader cannot turn into tensors.
    case checkpoint(file: String, key: String?, problem: String, hint: String)
    /// A safetensors file has an invalid header, a bad dtype, or offsets that do not tile its data.
    case safetensors(file: String, tensor: String?, problem: String)
    /// A MAT v5 file is truncated, malformed or uses an unsupported element type / array class.
    case mat(file: String, offset: Int, variable: String?, problem: String)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            "\(file): cannot read the file (\(reason)); check the path and permissions."
        case .pickle(let file, let offset, let opcode, let problem):
            "\(file) @ byte \(offset): \(opcode.map { "opcode \($0): " } ?? "")\(problem)."
        case .value(let file, let path, let problem):
            "\(file): \(path.isEmpty ? "" : "\(path): ")\(problem)."
        case .checkpoint(let file, let key, let problem, let hint):
            "\(file): \(key.map { "\($0): " } ?? "")\(problem).\(hint.isEmpty ? "" : " \(hint)")"
        case .safetensors(let file, let tensor, let problem):
            "\(file): \(tensor.map { "tensor '\($0)': " } ?? "")\(problem)."
        case .mat(let file, let offset, let variable, let problem):
            "\(file) @ byte \(offset): \(variable.map { "variable '\($0)': " } ?? "")\(problem)."
        }
    }
}
