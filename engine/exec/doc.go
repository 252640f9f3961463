// Package exec is cohortdb's vectorised executor: a pipeline of operators
// over one column-batch type (Batch), compiled from the subtrees of a
// go-mysql-server plan it understands, per subtree.
//
// A compiled subtree is a tree of pipelines in DuckDB's sense: a Source
// (a table scan, a table function, or the result of a finished pipeline)
// pushes batches through streaming operators (Filter, Project, the probe
// side of a HashJoin) into a Sink (HashAggregate, a join's build side,
// Sort/TopN, or the consumer above). Sinks are pipeline breakers: their
// result becomes the Source of the next pipeline. Each pipeline runs on
// one worker per core over the source's morsels (storage segments), each
// worker with its own operator and sink state, merged when all are done.
//
// Expressions are compiled to vector kernels where one exists and to a
// per-row evaluation of GMS's own expression otherwise (never a wrong
// answer, only a slower one). Anything the compiler does not understand
// stays with GMS; Compile reports which subtrees it took, for EXPLAIN.
//
// Invariants: a Batch and its vectors belong to the operator that
// produced it and are valid until that operator's next call; whoever
// keeps values (hash tables, materialised results) copies them. Strings
// may alias storage memory.
package exec
