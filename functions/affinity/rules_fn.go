package affinity

import (
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/dolthub/vitess/go/sqltypes"

	"github.com/cohortdb/cohortdb/contract/membudget"
	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

func varchar(n int64) sql.Type { return types.MustCreateStringWithDefaults(sqltypes.VarChar, n) }

func col(src, name string, t sql.Type, nullable bool) *sql.Column {
	return &sql.Column{Name: name, Type: t, Source: src, Nullable: nullable}
}

var rulesSchema = sql.Schema{
	col("affinity_rules", "level", varchar(12), false),
	col("affinity_rules", "basis", varchar(8), false),
	col("affinity_rules", "antecedent", varchar(200), false),
	col("affinity_rules", "antecedent_2", varchar(200), true),
	col("affinity_rules", "consequent", varchar(200), false),
	col("affinity_rules", "baskets", types.Int64, false),
	col("affinity_rules", "antecedent_baskets", types.Int64, false),
	col("affinity_rules", "consequent_baskets", types.Int64, false),
	col("affinity_rules", "total_baskets", types.Int64, false),
	col("affinity_rules", "support", types.Float64, false),
	col("affinity_rules", "confidence", types.Float64, false),
	col("affinity_rules", "lift", types.Float64, false),
}

// Defaults of affinity_rules.
const (
	defaultMinSupport = 0.001
	defaultMaxSize    = 2
)

// rulesRows is affinity_rules([level [, min_support [, min_confidence
// [, basis [, max_size]]]]]).
func rulesRows(ctx *sql.Context, env sqlfn.Env, args []any) ([]sql.Row, error) {
	g := sqlfn.NewGuard(ctx) // the history is garbage once the rows are built
	defer g.Release()
	const fn = "affinity_rules"
	h, db, err := loadShop(g, env)
	if err != nil {
		return nil, err
	}
	def, err := primaryLevel(fn, env, db)
	if err != nil {
		return nil, err
	}
	level, err := levelArg(fn, args, 0, def)
	if err != nil {
		return nil, err
	}
	p, basis, err := ruleArgs(fn, args)
	if err != nil {
		return nil, err
	}
	if err := g.Grow(h.basketsBytes()); err != nil {
		return nil, err
	}
	b := h.buildBaskets(level, basis)
	p.mem = membudget.NewTally(membudget.FromContext(ctx))
	defer p.mem.Release()
	rules, ok, err := mineRules(b, p)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, sqlfn.ErrArg(fn, "more than %d candidate triples: raise min_support or use max_size 2", maxTriples)
	}
	rows := make([]sql.Row, len(rules))
	n := int64(b.n())
	for i, r := range rules {
		var a2 any
		a := b.names[r.A]
		if r.A2 >= 0 {
			a2 = b.names[r.A2]
		}
		rows[i] = sql.Row{level.String(), basis.String(), a, a2, b.names[r.C],
			int64(r.Both), int64(r.Ante), int64(r.Cons), n, r.Support, r.Confidence, r.Lift}
	}
	return rows, nil
}

// ruleArgs reads min_support, min_confidence, basis and max_size.
func ruleArgs(fn string, args []any) (RuleParams, Basis, error) {
	p := RuleParams{}
	var err error
	if p.MinSupport, err = sqlfn.Float(fn, args, 1, defaultMinSupport); err != nil {
		return p, 0, err
	}
	if p.MinSupport <= 0 {
		return p, 0, sqlfn.ErrArg(fn, "argument 2: min_support %v must be > 0 (a share of baskets, or a count ≥ 1)", p.MinSupport)
	}
	if p.MinConfidence, err = sqlfn.Float(fn, args, 2, 0); err != nil {
		return p, 0, err
	}
	if p.MinConfidence < 0 || p.MinConfidence > 1 {
		return p, 0, sqlfn.ErrArg(fn, "argument 3: min_confidence %v is not in [0, 1]", p.MinConfidence)
	}
	s, err := sqlfn.String(fn, args, 3, "order")
	if err != nil {
		return p, 0, err
	}
	basis := BasisOrder
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "order", "orders":
	case "customer", "customers":
		basis = BasisCustomer
	default:
		return p, 0, sqlfn.ErrArg(fn, "argument 4: basis %q is not 'order' or 'customer'", s)
	}
	size, err := sqlfn.Int(fn, args, 4, defaultMaxSize)
	if err != nil {
		return p, 0, err
	}
	if size != 2 && size != 3 {
		return p, 0, sqlfn.ErrArg(fn, "argument 5: max_size %d must be 2 (pairs) or 3 (pairs and triples)", size)
	}
	p.MaxSize = int(size)
	return p, basis, nil
}
