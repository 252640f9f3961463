package exec

import (
	"slices"

	"github.com/dolthub/go-mysql-server/sql"
)

// Column pruning: after compiling, the columns each operator's consumer
// reads are passed down (prune), so a join collects and gathers only the
// columns used above it or by its keys and condition, a projection skips
// the expressions nobody reads, and a scan decodes only what survives.
// GMS's plan keeps a filter's column (o.status) beside every join pair
// though nothing above reads it. A need of nil is "every column".

// Narrower is a source that can leave out the columns not needed (a
// table scan decodes fewer chunks).
type Narrower interface {
	Narrow(need []bool)
}

// prune tells p's operators and source which of p's output columns its
// consumer reads.
func (p *Pipeline) prune(need []bool) {
	for k := len(p.Ops) - 1; k >= 0; k-- {
		switch op := p.Ops[k].(type) {
		case *filterSpec:
			op.keep = need
			need = union(need, fieldsOf(op.cond))
		case *projectSpec:
			need = op.prune(need)
		case *joinSpec:
			need = op.prune(need)
		default:
			need = nil
		}
	}
	switch s := p.Src.(type) {
	case Narrower:
		s.Narrow(need)
	case *sinkSource:
		s.p.prune(s.reads)
	case *pipelineSource:
		s.p.prune(need)
	case *morsels:
		s.p.prune(need)
	case *swapJoin:
		s.left.prune(s.s.prune(need))
	case *sharedSource:
		// Its readers may need different columns: it keeps them all, once.
		if !s.pruned {
			s.pruned = true
			s.p.prune(nil)
		}
	}
}

// union is need with cols added; nil (all) stays nil, and so does a nil
// cols (the expression reads columns it cannot list).
func union(need []bool, cols []int) []bool {
	if need == nil || cols == nil {
		return nil
	}
	out := append([]bool(nil), need...)
	for _, c := range cols {
		if c < len(out) {
			out[c] = true
		}
	}
	return out
}

// prune skips the projections need leaves out and returns the input
// columns the others read.
func (s *projectSpec) prune(need []bool) []bool {
	in := make([]bool, len(s.ec.in))
	s.skip = make([]bool, len(s.exprs))
	for i := range s.exprs {
		if need != nil && i < len(need) && !need[i] {
			s.skip[i] = true
			continue
		}
		if in = union(in, s.reads[i]); in == nil {
			return nil
		}
	}
	return in
}

// prune records which joined columns the join gathers and what each
// input must keep (its output, keys and condition), prunes the build
// side and returns the left input's need.
func (s *joinSpec) prune(need []bool) []bool {
	nl, nr := len(s.left), len(s.right)
	joined := make([]bool, nl+nr)
	if need == nil {
		for i := range joined {
			joined[i] = true
		}
		if s.kind == JoinSemi || s.kind == JoinAnti {
			clear(joined[nl:])
		}
	} else {
		copy(joined, need)
	}
	var left, right []bool
	if s.cond == nil || s.condCols != nil {
		// The pairs the condition keeps are gathered for what is read
		// above only: the condition's own columns were gathered for it
		// apart (flush), and o.ordered_at > f.first_at need not carry
		// f.first_at into every pair.
		if need != nil {
			s.keep, s.keepCols = joined, nil
			s.keepCols = s.keptCols()
		}
		if s.cond != nil {
			joined = union(joined, s.condCols)
		}
		left = union(slices.Clone(joined[:nl]), s.lkeyCols)
		right = union(slices.Clone(joined[nl:]), s.rkeyCols)
	}
	if s.buildNeed != nil {
		right = s.buildNeed
	}
	s.lneed, s.rneed = left, right
	s.build.prune(right)
	return left
}

// keptCols lists the joined columns to gather: those the join keeps, or
// all (nil).
func (s *joinSpec) keptCols() []int {
	if s.keep == nil {
		return nil
	}
	cols := []int{} // none kept (COUNT(*) above) is not nil, all
	for c, k := range s.keep {
		if k {
			cols = append(cols, c)
		}
	}
	return cols
}

// readsOf lists the input columns a GROUP BY reads (nil: all).
func readsOf(n int, exprs ...[]sql.Expression) []bool {
	need := make([]bool, n)
	for _, es := range exprs {
		for _, e := range es {
			if need = union(need, fieldsOf(e)); need == nil {
				return nil
			}
		}
	}
	return need
}
