import Foundation

/// `cbir run --slurm`: a sweep (every planned run of the given configs) as a Slurm job array — one task per run,
/// each writing its own SQLite file with `cbir run … --run-index $SLURM_ARRAY_TASK_ID` — and a dependent job
/// (`--dependency=afterok:<array>`) that merges the task databases into the results database (`cbir merge`,
/// idempotent: a re-submitted or partly failed array merges cleanly; after a failure, rerun the failed tasks or run
/// the merge script by hand). The feature cache is shared by all tasks (content-addressed, safe under concurrency).
///
/// The scripts are plain `sbatch` files written into `folder` (kept for the record); `--dry-run` prints them instead
/// of submitting. The database, the cache and the folder must be on a filesystem every node sees: paths are made
/// absolute, and a node-local filesystem (tmpfs, ramfs) is refused unless `allowLocalFilesystem` (a single-node
/// cluster).
public struct SlurmSubmission: Sendable {
    public struct Resources: Sendable, Equatable {
        public var cpus = 2
        public var memory = "4G"
        public var time = "02:00:00"
        public var partition: String?
        public var account: String?
        public init() {}
    }

    public enum Failure: Error, CustomStringConvertible, Equatable {
        case localFilesystem(path: String, type: String)
        case command(String, status: Int32, output: String)

        public var description: String {
            switch self {
            case .localFilesystem(let path, let type):
                "\(path) is on a node-local filesystem (\(type)); put the database, the cache and the Slurm folder on a "
                    + "filesystem every node mounts (or pass --allow-local-filesystem on a single-node cluster)."
            case .command(let command, let status, let output):
                "\(command) exited with status \(status): \(output.trimmingCharacters(in: .whitespacesAndNewlines)); "
                    + "for sbatch, check that Slurm's client commands reach the controller (sinfo)."
            }
        }
    }

    public var executable: URL
    public var workingDirectory: URL
    public var configs: [String]
    public var overrides: [String]
    public var runs: Int
    public var database: URL
    public var cache: URL
    public var folder: URL
    public var resources: Resources

    public init(executable: URL, workingDirectory: URL, configs: [String], overrides: [String], runs: Int,
                database: URL, cache: URL, folder: URL, resources: Resources) {
        self.executable = executable
        self.workingDirectory = workingDirectory
        self.configs = configs
        self.overrides = overrides
        self.runs = runs
        self.database = database.standardizedFileURL
        self.cache = cache.standardizedFileURL
        self.folder = folder.standardizedFileURL
        self.resources = resources
    }

    static func quoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    private func header(name: String, output: String) -> String {
        var lines = ["#!/bin/bash", "#SBATCH --job-name=\(name)", "#SBATCH --output=\(folder.path)/\(output)",
                     "#SBATCH --cpus-per-task=\(resources.cpus)", "#SBATCH --mem=\(resources.memory)",
                     "#SBATCH --time=\(resources.time)"]
        if let p = resources.partition { lines.append("#SBATCH --partition=\(p)") }
        if let a = resources.account { lines.append("#SBATCH --account=\(a)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The array job: task i runs the i-th planned run into `task-<i>.sqlite`.
    public var arrayScript: String {
        header(name: "cbir-runs", output: "task-%a.log") + "#SBATCH --array=0-\(runs - 1)\n"
            + "set -euo pipefail\ncd \(Self.quoted(workingDirectory.path))\n"
            + "exec \(Self.quoted(executable.path)) run " + configs.map(Self.quoted).joined(separator: " ")
            + overrides.map { " --set " + Self.quoted($0) }.joined()
            + " --run-index \"$SLURM_ARRAY_TASK_ID\" --threads \(resources.cpus)"
            + " --database \(Self.quoted(folder.path))/task-\"$SLURM_ARRAY_TASK_ID\".sqlite"
            + " --cache \(Self.quoted(cache.path))\n"
    }

    /// The merge job, run after every task succeeded.
    public var mergeScript: String {
        header(name: "cbir-merge", output: "merge.log") + "set -euo pipefail\ncd \(Self.quoted(workingDirectory.path))\n"
            + "exec \(Self.quoted(executable.path)) merge --database \(Self.quoted(database.path)) "
            + "\(Self.quoted(folder.path))/task-*.sqlite\n"
    }

    /// Refuses node-local filesystems for what the tasks share (see the type's doc).
    public func checkSharedFilesystems(allowLocal: Bool) throws {
        guard !allowLocal else { return }
        for url in [database.deletingLastPathComponent(), cache, folder] {
            var path = url.path
            while !FileManager.default.fileExists(atPath: path), path != "/" { path = (path as NSString).deletingLastPathComponent }
            let type = try Self.run("/usr/bin/stat", ["-f", "-c", "%T", path]).trimmingCharacters(in: .whitespacesAndNewlines)
            if ["tmpfs", "ramfs"].contains(type) { throw Failure.localFilesystem(path: url.path, type: type) }
        }
    }

    /// Writes the scripts and submits them; returns (array job id, merge job id).
    public func submit() throws -> (array: String, merge: String) {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
        let array = folder.appendingPathComponent("array.sh"), merge = folder.appendingPathComponent("merge.sh")
        try arrayScript.write(to: array, atomically: true, encoding: .utf8)
        try mergeScript.write(to: merge, atomically: true, encoding: .utf8)
        let arrayJob = try Self.run("/usr/bin/env", ["sbatch", "--parsable", array.path])
            .trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ";").first.map(String.init) ?? ""
        let mergeJob = try Self.run("/usr/bin/env", ["sbatch", "--parsable", "--dependency=afterok:\(arrayJob)", merge.path])
            .trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ";").first.map(String.init) ?? ""
        return (arrayJob, mergeJob)
    }

    /// Standard output of a command; throws with its output when it fails.
    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let output = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw Failure.command(([tool] + arguments).joined(separator: " "), status: process.terminationStatus,
                                 output: output)
        }
        return output
    }
}
