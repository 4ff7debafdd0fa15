import Configuration
import Foundation
import Reports
import ResultsStore
import Testing

/// Markdown and CSV snapshots of small tables over hand-made runs: every value below is the mean of the stored
/// per-query rows worked out by hand.
@Suite struct ReportGeneratorTests {
    /// A complete run of `experiment` with the given per-query APs and success@1 values.
    func store(_ runs: [(experiment: String, aps: [Double?], success: [Double?])], revisions: [String] = [],
               notes: [String] = []) throws -> ResultsStore {
        let store = try ResultsStore()
        for (i, r) in runs.enumerated() {
            var record = RunRecord(
                experiment: r.experiment, label: "L\(i)", configText: "", resolvedConfig: "", configHash: "hash\(i)",
                sweep: "", datasetName: "d\(i)", datasetProtocol: "p", datasetIdentity: "ident\(i)", codeVersion: "v1",
                libraryVersions: "", machine: "m", apVariant: "oxford", tieRule: "t", preprocessing: "", seeds: "",
                startedAt: "t0")
            record.numbersRevision = i < revisions.count ? revisions[i] : "r1"
            let id = try store.beginRun(record)
            let queries = r.aps.indices.map { q in
                QueryResultRecord(runId: id, queryIndex: q, queryId: "q\(q)", ap: r.aps[q], ks: [1], precisionAtK: [0],
                                  recallAtK: [nil], successAtK: [r.success[q]], revisitedPrecisionAtK: [nil],
                                  positives: r.aps[q] == nil ? 0 : 1, firstPositiveRank: nil, topIds: [])
            }
            try store.completeRun(id: id, endedAt: "t1",
                                  provenance: RunProvenance(preprocessing: "", seeds: "", notes: i < notes.count ? notes[i] : ""),
                                  queries: queries, metrics: [], timings: [])
        }
        return store
    }

    /// A value whose run fitted a learned stage on a set sharing images with the evaluated database carries ‡.
    @Test func aFitSetSharingTheDatabaseIsMarked() throws {
        let db = try store([("a", [1, 0.5], [1, 0]), ("b", [0.25], [0])],
                           notes: ["fit set reduction[0].training: x (all), 9 images, identity 0; "
                                   + RunRecord.fitSetSharesDatabase + " (3 of them; none with a query)", ""])
        let spec = TableSpec(title: "T", columns: [.init(metric: "map", header: "mAP")],
                             rows: [.init(experiment: "a", name: "A"), .init(experiment: "b", name: "B")])
        let markdown = try ReportGenerator(store: db).render(spec).markdown
        #expect(markdown.contains("| A | 75.0‡ |\n| B | 25.0 |\n"), "\(markdown)")
        #expect(markdown.contains("\n‡ A learned stage was fitted on a set that shares images with the evaluated database "
                                  + "(never with a query): a.\n"))
    }

    @Test func aSingleDatasetTable() throws {
        let db = try store([("a", [1, 0.5, nil], [1, 0, nil]), ("b", [0.25], [0])])
        let spec = TableSpec(title: "T", columns: [.init(metric: "map", header: "mAP"),
                                                    .init(metric: "success@1", header: "top-1", format: .fraction)],
                             rows: [.init(experiment: "a", name: "A", published: ["map": 0.8], source: "paper X"),
                                    .init(experiment: "b"), .init(experiment: "missing", name: "M")])
        let out = try ReportGenerator(store: db).render(spec)
        #expect(out.markdown == """
            # T

            | method | mAP | mAP (published) | top-1 | top-1 (published) |
            |---|---:|---:|---:|---:|
            | A | 75.0 | 80.0 | 0.500 | — |
            | b | 25.0 | — | 0.000 | — |
            | M | not run | — | not run | — |

            - Published values: paper X

            Provenance (latest complete run of each row; regenerate with `cbir report`):

            - A: run 1, `L0`, d0 (p) dataset ident0, config hash0, code v1, numbers r1, AP oxford, 2 queries
            - b: run 2, `L1`, d1 (p) dataset ident1, config hash1, code v1, numbers r1, AP oxford, 1 queries
            - M: no complete run of `missing` (run its config with `cbir run`)

            """)
        #expect(out.csv == """
            method,experiment,map,map_published,success@1,success@1_published,queries,dropped,run,config_hash,dataset_identity,code_version,numbers_revision,stale
            A,a,0.750000,0.800000,0.500000,,2,1,1,hash0,ident0,v1,r1,
            b,b,0.250000,,0.000000,,1,0,2,hash1,ident1,v1,r1,
            M,missing,,,,,,,,,,,,

            """)
    }

    @Test func aTableOverTwoDatasets() throws {
        let db = try store([("x-ref", [1, 0], [1, 0]), ("x-coil", [0.5], [1])])
        let spec = try ConfigurationLoader.decodeYAML(TableSpec.self, """
            title: Two
            columns:
              - {dataset: ref, metric: map, header: ref mAP}
              - {dataset: coil, metric: map, header: COIL mAP}
              - {dataset: coil, metric: success@1, header: COIL top-1}
            rows:
              - {name: X, experiments: {ref: x-ref, coil: x-coil}}
              - {name: Y, experiments: {ref: x-ref}}
            """, file: "two.yaml")
        let out = try ReportGenerator(store: db).render(spec)
        #expect(out.markdown.contains("| method | ref mAP | COIL mAP | COIL top-1 |\n|---|---:|---:|---:|\n| X | 50.0 | 50.0 | 100.0 |\n| Y | 50.0 | — | — |\n"))
        #expect(out.markdown.contains("- X (ref): run 1, `L0`") && out.markdown.contains("- X (coil): run 2, `L1`"))
        #expect(out.csv == """
            method,dataset,experiment,map,success@1,queries,dropped,run,config_hash,dataset_identity,code_version,numbers_revision,stale
            X,ref,x-ref,0.500000,,2,0,1,hash0,ident0,v1,r1,
            X,coil,x-coil,0.500000,1.000000,1,0,2,hash1,ident1,v1,r1,
            Y,ref,x-ref,0.500000,,2,0,1,hash0,ident0,v1,r1,

            """)
    }

    /// A run of another numbers revision than the current code's is marked, never mixed in silently.
    @Test func aRunOfAnotherRevisionIsMarkedStale() throws {
        let db = try store([("a", [1], [1]), ("b", [0.5], [1])], revisions: ["r1", ""])
        let spec = TableSpec(title: "T", columns: [.init(metric: "map", header: "mAP")],
                             rows: [.init(experiment: "a", name: "A"), .init(experiment: "b", name: "B")])
        let out = try ReportGenerator(store: db, currentRevision: "r1").render(spec)
        #expect(out.markdown.contains("| A | 100.0 |\n| B | 50.0† |\n"))
        #expect(out.markdown.contains("\n† Stale: computed by another revision of the code that decides the numbers than the "
                                      + "current one (r1); rerun with `cbir run` the configs of: b.\n"))
        #expect(out.markdown.contains("- B: run 2, `L1`, d1 (p) dataset ident1, config hash1, code v1, numbers unrecorded,"))
        #expect(out.csv.hasSuffix("A,a,1.000000,1,0,1,hash0,ident0,v1,r1,no\nB,b,0.500000,1,0,2,hash1,ident1,v1,,yes\n"))
        // Without a current revision nothing is marked.
        #expect(!(try ReportGenerator(store: db).render(spec)).markdown.contains("†"))
    }

    /// An ablation table: every row beside the reference row's value, the difference worked out by hand.
    @Test func differencesFromAReferenceRow() throws {
        let db = try store([("base", [0.5, 0.25], [1, 0]), ("change", [1, 0.25], [1, 1]), ("worse", [0.25, 0.25], [0, 0])])
        let spec = try ConfigurationLoader.decodeYAML(TableSpec.self, """
            title: Ablation
            differences_from: base
            columns:
              - {metric: map, header: mAP}
              - {metric: success@1, header: top-1, format: fraction}
            rows:
              - {experiment: base}
              - {experiment: change}
              - {experiment: worse}
            """, file: "ablation.yaml")
        let out = try ReportGenerator(store: db).render(spec)
        // mAP: base 37.5, change 62.5 (+25.0), worse 25.0 (−12.5); top-1: 0.5, 1.0 (+0.500), 0.0 (−0.500).
        #expect(out.markdown.contains("""
            | base | 37.5 | 0.500 |
            | change | 62.5 (+25.0) | 1.000 (+0.500) |
            | worse | 25.0 (−12.5) | 0.000 (−0.500) |
            """))
        #expect(out.csv.contains("method,experiment,map,map_difference,success@1,success@1_difference,queries"))
        #expect(out.csv.contains("\nchange,change,0.625000,0.250000,1.000000,0.500000,2,"))
        do {
            _ = try ConfigurationLoader.decodeYAML(TableSpec.self, "title: A\ndifferences_from: nope\ncolumns: [{metric: map}]\nrows: [{experiment: a}]\n",
                                                   file: "bad.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(String(describing: error).hasPrefix("bad.yaml:2:1: differences_from: no row is named 'nope'"))
        }
    }

    /// Published values per column (`<dataset>:<metric>`), and "not run" for a column whose experiment has no run.
    @Test func publishedValuesPerColumnAndColumnsNotRun() throws {
        let db = try store([("x-ref", [1, 0], [1, 0])])
        let spec = try ConfigurationLoader.decodeYAML(TableSpec.self, """
            title: Two
            columns:
              - {dataset: ref, metric: map, header: ref mAP}
              - {dataset: ox, metric: map, header: Oxford mAP}
            rows:
              - {name: X, experiments: {ref: x-ref, ox: x-oxford}, published: {"ox:map": 0.433}}
            """, file: "two.yaml")
        let out = try ReportGenerator(store: db).render(spec)
        #expect(out.markdown.contains("| X | 50.0 | — | not run | 43.3 |\n"), "\(out.markdown)")
        #expect(out.csv.contains("\nX,ox,x-oxford,,0.433000,"))
    }

    @Test func aRowMayOnlyNameTheColumnsDatasets() throws {
        do {
            _ = try ConfigurationLoader.decodeYAML(TableSpec.self, """
                title: Two
                columns:
                  - {dataset: ref, metric: map, header: ref mAP}
                  - {dataset: coil, metric: map, header: COIL mAP}
                rows:
                  - {name: X, experiments: {ref: x-ref, cail: x-coil}}
                """, file: "two.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(String(describing: error) == "two.yaml:6:5: rows[0]: the row's experiments do not match the columns; "
                    + "expected `experiments:` keyed by the columns' datasets (coil, ref); a dataset left out shows as —.")
        }
    }
}
