/// Errors of the CNN module; each names the layer or file and what to do.
public enum CNNError: Error, CustomStringConvertible, Equatable {
    /// A oneDNN call failed: the function, its status and the layer.
    case dnnl(function: String, status: Int, layer: String)
    /// A checkpoint that does not fit the architecture: every missing, unexpected or misshapen tensor.
    case checkpoint(file: String, architecture: String, problems: [String])
    /// A stop layer the architecture does not have.
    case unknownLayer(architecture: String, layer: String, valid: [String])
    /// A stop layer whose weights the checkpoint does not have (e.g. fc6 of a retrieval-fine-tuned backbone).
    case layerNotInCheckpoint(architecture: String, layer: String, available: [String])
    /// A layer configuration or input the engine cannot compute exactly as PyTorch does.
    case unsupported(layer: String, problem: String)

    public var description: String {
        switch self {
        case .dnnl(let function, let status, let layer):
            "\(layer): oneDNN \(function) failed with status \(status); the layer's shapes or parameters are unsupported."
        case .checkpoint(let file, let architecture, let problems):
            "\(file): not a checkpoint of \(architecture) (\(problems.count) problem(s)): "
                + problems.joined(separator: "; ") + ". Check the architecture name and the weights file."
        case .unknownLayer(let architecture, let layer, let valid):
            "\(architecture): unknown stop layer '\(layer)'; expected one of \(valid.joined(separator: ", "))."
        case .layerNotInCheckpoint(let architecture, let layer, let available):
            "\(architecture): the checkpoint has no weights for '\(layer)' (a backbone without its classifier, as "
                + "retrieval-fine-tuned networks are saved); stop at one of \(available.joined(separator: ", "))."
        case .unsupported(let layer, let problem):
            "\(layer): unsupported: \(problem)."
        }
    }
}
