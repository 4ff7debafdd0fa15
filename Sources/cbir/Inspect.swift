import ArgumentParser
import CNN
import Foundation

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what a checkpoint holds: tensors, layout, the architectures it loads as, retrieval heads.")

    @Argument(help: "A PyTorch checkpoint (zip or legacy pickle) or a .safetensors file.")
    var checkpoint: String

    func run() throws {
        do {
            print(try CheckpointSummary.inspect(checkpoint: URL(fileURLWithPath: checkpoint)).description)
        } catch {
            throw fail(error)
        }
    }
}
