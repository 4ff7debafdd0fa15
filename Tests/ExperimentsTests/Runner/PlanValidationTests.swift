import Experiments
import Foundation
import Testing
import TestSupport

/// What can be checked without pixels is checked when the run is planned, located in the file.
@Suite struct PlanValidationTests {
    @Test func whiteningDimsAboveTheChannelsFailAtPlanTime() throws {
        let dir = try SharedData.temporaryDirectory("plan")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("w.yaml")
        try """
        name: w
        dataset: {name: generated, root: \(dir.path)/g, protocol: ref}
        descriptor:
          kind: gem
          network: {architecture: efficientnet_lite0, weights: missing.pth}
          whitening: {training: {name: generated, root: \(dir.path)/g, protocol: ref}, dims: 1300}
        """.write(to: url, atomically: true, encoding: .utf8)
        do {
            _ = try PlannedRun.plan([url])
            Issue.record("expected an error")
        } catch {
            #expect(String(describing: error).contains(
                "descriptor.whitening.dims: 1300 dimensions, but EffNetL0 gives 1280 channels; expected at most 1280."),
                "\(error)")
        }
    }
}
