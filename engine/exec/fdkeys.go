package exec

import "slices"

// Functionally dependent GROUP BY keys. GROUP BY p.product_id, p.name
// groups by the product alone: products' primary key fixes its name, so
// the name need not be hashed or compared per row. Such a key is carried:
// the group table stores it with the group's first row and never looks at
// it again (keyTable.cmp). It holds for any join order and for the NULL
// side of an outer join (a missing row is NULL in every column).

// KeyedSource is a source whose rows are unique on some of its output
// columns: a table's primary key.
type KeyedSource interface {
	// UniqueColumns is the output columns the rows are unique on, nil
	// when there are none (no primary key, or one not read).
	UniqueColumns() []int
}

// origin traces column i of p's output to the source column it passes
// on unchanged, through filters, projections and joins (as columnRange).
// Each output row holds at most one row of each source.
func (p *Pipeline) origin(i int) (Source, int, bool) {
	for k := len(p.Ops) - 1; k >= 0; k-- {
		switch op := p.Ops[k].(type) {
		case *filterSpec:
		case *projectSpec:
			ref, isRef := op.exprs[i].(colRef)
			if !isRef {
				return nil, 0, false
			}
			i = ref.i
		case *joinSpec:
			if i >= len(op.left) {
				return op.build.origin(i - len(op.left))
			}
		default:
			return nil, 0, false
		}
	}
	return p.Src, i, true
}

// dependentKeys marks the keys that are columns of a source whose unique
// columns are all keys too (the unique columns themselves stay compared).
func (p *Pipeline) dependentKeys(keys []Expr) []bool {
	type col struct {
		src Source
		c   int
	}
	at := make([]col, len(keys))
	keyed := map[col]bool{}
	for k, e := range keys {
		ref, ok := e.(colRef)
		if !ok {
			continue
		}
		if src, c, ok := p.origin(ref.i); ok {
			at[k] = col{src, c}
			keyed[at[k]] = true
		}
	}
	var dep []bool
	for k, x := range at {
		ks, ok := x.src.(KeyedSource)
		if !ok {
			continue
		}
		unique := ks.UniqueColumns()
		if len(unique) == 0 || slices.Contains(unique, x.c) {
			continue
		}
		covered := true
		for _, u := range unique {
			covered = covered && keyed[col{x.src, u}]
		}
		if covered {
			if dep == nil {
				dep = make([]bool, len(keys))
			}
			dep[k] = true
		}
	}
	return dep
}

// carry moves the dependent keys behind the others, where the group
// table carries them uncompared, and renumbers the outputs that are keys.
func (s *AggSpec) carry(dep []bool) {
	if dep == nil {
		return
	}
	order := make([]int, 0, len(s.keys))
	for k := range s.keys {
		if !dep[k] {
			order = append(order, k)
		}
	}
	if len(order) == 0 || len(order) == len(s.keys) {
		return
	}
	s.carried = len(s.keys) - len(order)
	for k := range s.keys {
		if dep[k] {
			order = append(order, k)
		}
	}
	newIndex := make([]int, len(s.keys))
	keys, texts := make([]Expr, len(order)), make([]string, len(order))
	for n, k := range order {
		newIndex[k] = n
		keys[n], texts[n] = s.keys[k], s.texts[k]
		if dep[k] {
			texts[n] = "carried: " + s.texts[k][len("group: "):]
		}
	}
	copy(s.keys, keys)
	copy(s.texts, texts)
	for j := range s.aggs {
		if s.aggs[j].key >= 0 {
			s.aggs[j].key = newIndex[s.aggs[j].key]
		}
	}
}

// UniqueColumns implements KeyedSource for an aggregate's output: its
// groups are unique on the outputs that are its compared keys, when it
// selects them all (a derived table grouped by customer, joined back).
func (s *sinkSource) UniqueColumns() []int {
	spec, ok := s.sink.(*AggSpec)
	if !ok || len(spec.keys) == 0 {
		return nil
	}
	var cols []int
	for k := range len(spec.keys) - spec.carried {
		j := slices.IndexFunc(spec.aggs, func(d aggDef) bool { return d.key == k })
		if j < 0 {
			return nil
		}
		cols = append(cols, j)
	}
	return cols
}
