package exec

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/plan"
)

// Resolver returns the batch source of a plan leaf the executor cannot
// see into (a cohortdb table scan); ok is false for any other node. A
// nil source with ok set keeps the node (and so its subtree's root) with
// GMS and the operators already planned.
type Resolver func(ctx *sql.Context, n sql.Node) (Source, bool)

// Compile turns a GMS plan subtree into a pipeline whose batches hold
// the subtree's schema column by column, or fails with an unsupported
// error for a subtree (or expression) it does not understand.
func Compile(ctx *sql.Context, n sql.Node, resolve Resolver) (*Pipeline, error) {
	c := &compiler{ctx: ctx, resolve: resolve}
	return c.node(n)
}

type compiler struct {
	ctx     *sql.Context
	resolve Resolver
	// inBuild is set below a join's build side (outside a derived
	// table): GMS runs those nodes with the probe row as scope, which
	// shifts their expressions' indexes, so only plain scans compile.
	inBuild bool
}

func (c *compiler) node(n sql.Node) (*Pipeline, error) {
	if src, ok := c.resolve(c.ctx, n); ok {
		if src == nil {
			return nil, unsupported("%T kept by its own operator", n)
		}
		return &Pipeline{Src: src}, nil
	}
	switch n := n.(type) {
	case *plan.TableAlias:
		return c.node(n.Child)
	case *plan.SubqueryAlias:
		if n.OuterScopeVisibility || n.IsLateral {
			return nil, unsupported("correlated derived table %s", n.Name())
		}
		inner := *c
		inner.inBuild = false
		return inner.node(n.Child)
	}
	if c.inBuild {
		return nil, unsupported("%T on a join's build side", n)
	}
	switch n := n.(type) {
	case *plan.Filter:
		return c.filter(n.Child, n.Expression)
	case *plan.Having:
		return c.filter(n.Child, n.Cond)
	case *plan.Project:
		return c.project(n)
	case *plan.GroupBy:
		return c.groupBy(n)
	case *plan.JoinNode:
		return c.join(n)
	}
	return nil, unsupported("node %T", n)
}

func (c *compiler) filter(child sql.Node, cond sql.Expression) (*Pipeline, error) {
	p, err := c.node(child)
	if err != nil {
		return nil, err
	}
	f, err := newFilter(p.Types(), cond)
	if err != nil {
		return nil, err
	}
	return p.then(f), nil
}

func (c *compiler) project(n *plan.Project) (*Pipeline, error) {
	p, err := c.node(n.Child)
	if err != nil {
		return nil, err
	}
	ps, err := newProject(p.Types(), n.Projections)
	if err != nil {
		return nil, err
	}
	return p.then(ps), nil
}

func (c *compiler) groupBy(n *plan.GroupBy) (*Pipeline, error) {
	p, err := c.node(n.Child)
	if err != nil {
		return nil, err
	}
	spec, err := newAggSpec(p.Types(), n.SelectedExprs, n.GroupByExprs)
	if err != nil {
		return nil, err
	}
	return &Pipeline{Src: &sinkSource{p: p, sink: spec, name: "HashAggregate", details: spec.texts}}, nil
}

func (c *compiler) join(n *plan.JoinNode) (*Pipeline, error) {
	var kind JoinKind
	switch n.Op {
	case plan.JoinTypeLookup, plan.JoinTypeLeftOuterLookup:
		return c.lookupJoin(n)
	case plan.JoinTypeHash:
		kind = JoinInner
	case plan.JoinTypeLeftOuterHash:
		kind = JoinLeft
	case plan.JoinTypeSemiHash:
		kind = JoinSemi
	default:
		return nil, unsupported("join %s", n.Op)
	}
	hl, ok := n.Right().(*plan.HashLookup)
	if !ok {
		return nil, unsupported("hash join without a HashLookup")
	}
	left, err := c.node(n.Left())
	if err != nil {
		return nil, err
	}
	bc := *c
	bc.inBuild = true
	build, err := bc.node(hl.Child)
	if err != nil {
		return nil, err
	}
	j, err := newJoin(kind, left.Types(), build, hl.LeftProbeKey, hl.RightEntryKey, n.JoinCond())
	if err != nil {
		return nil, err
	}
	return left.then(j), nil
}

// LookupSource is a table GMS reads through an index lookup per probe
// row; the executor scans it once instead and hash-joins on the index's
// columns.
type LookupSource interface {
	Source
	// LookupKeys are the probe-side expressions of the lookup and the
	// positions of the index's columns in the source's layout.
	LookupKeys() (probe []sql.Expression, cols []int)
}

// lookupJoin turns an index-lookup join into a hash join whose build
// side is the looked-up table, scanned once.
func (c *compiler) lookupJoin(n *plan.JoinNode) (*Pipeline, error) {
	kind := JoinInner
	if n.Op == plan.JoinTypeLeftOuterLookup {
		kind = JoinLeft
	}
	right := n.Right()
	if a, ok := right.(*plan.TableAlias); ok {
		right = a.Child
	}
	src, ok := c.resolve(c.ctx, right)
	ls, isLookup := src.(LookupSource)
	if !ok || !isLookup {
		return nil, unsupported("lookup join on %T", right)
	}
	left, err := c.node(n.Left())
	if err != nil {
		return nil, err
	}
	probe, cols := ls.LookupKeys()
	if len(probe) == 0 || len(probe) > len(cols) {
		return nil, unsupported("lookup join keys")
	}
	rk := make([]sql.Expression, len(probe))
	for i := range probe {
		col := right.Schema()[cols[i]]
		rk[i] = expression.NewGetField(cols[i], col.Type, col.Name, col.Nullable)
	}
	build := &Pipeline{Src: ls}
	j, err := newJoin(kind, left.Types(), build, expression.NewTuple(probe...), expression.NewTuple(rk...), n.JoinCond())
	if err != nil {
		return nil, err
	}
	return left.then(j), nil
}

// then appends a streaming operator.
func (p *Pipeline) then(op OpSpec) *Pipeline {
	return &Pipeline{Src: p.Src, Ops: append(append([]OpSpec(nil), p.Ops...), op)}
}

// sinkSource is a pipeline breaker: opening it runs its input pipeline
// into its sink, whose result it then serves.
type sinkSource struct {
	p    *Pipeline
	sink interface {
		Sink
		Types() []ColType
	}
	name    string
	details []string
	out     Source
}

func (s *sinkSource) Types() []ColType { return s.sink.Types() }

func (s *sinkSource) Open(ctx *sql.Context) (int, error) {
	out, err := s.p.Run(ctx, s.sink)
	if err != nil {
		return 0, err
	}
	s.out = out
	return out.Open(ctx)
}

func (s *sinkSource) Run(ctx *sql.Context, m int, fn func(*Batch) error) error {
	return s.out.Run(ctx, m, fn)
}

func (s *sinkSource) Explain(tp *sql.TreePrinter) {
	sub := sql.NewTreePrinter()
	s.p.Explain(sub)
	_ = tp.WriteNode("%s", s.name)
	tp.WriteChildren(append(append([]string(nil), s.details...), sub.String())...)
}
