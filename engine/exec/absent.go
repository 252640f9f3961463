package exec

import "sync"

// An absent vector stands for a column no operator of the pipeline
// reads: the scan does not decode it (column pruning), but the batch
// keeps its position so that GMS's column indexes stay valid. Its slots
// are zeros shared by every absent vector, so nothing may write to them:
// reset drops them, gather and cloneVec pass them on without copying.
var zeros struct {
	sync.Mutex
	i []int64
	f []float64
	s []string
}

// SetAbsent makes v an absent vector of type t and n rows (at no cost
// when it already is one: a scan keeps its absent columns batch after
// batch).
func (v *Vec) SetAbsent(t ColType, n int) {
	if v.Absent && v.T.Phys == t.Phys && v.len() == n {
		v.T = t // its zeros fit any type of the layout
		return
	}
	zeros.Lock()
	defer zeros.Unlock()
	*v = Vec{T: t, Absent: true}
	switch t.Phys {
	case PFloat:
		if len(zeros.f) < n {
			zeros.f = make([]float64, max(n, 2*len(zeros.f)))
		}
		v.F = zeros.f[:n:n]
	case PStr:
		if len(zeros.s) < n {
			zeros.s = make([]string, max(n, 2*len(zeros.s)))
		}
		v.S = zeros.s[:n:n]
	default:
		if len(zeros.i) < n {
			zeros.i = make([]int64, max(n, 2*len(zeros.i)))
		}
		v.I = zeros.i[:n:n]
	}
}

// len is the number of values v holds.
func (v *Vec) len() int {
	switch v.T.Phys {
	case PFloat:
		return len(v.F)
	case PStr:
		return len(v.S)
	}
	return len(v.I)
}
