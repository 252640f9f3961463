package querygen

import (
	"fmt"
	"strings"
)

// ref is a table in a query's FROM under an alias.
type ref struct {
	alias string
	t     table
}

// scope is what a query's expressions may refer to.
type scope struct {
	refs []ref
}

// column picks a column of type t in scope, or "" when there is none.
func (g *Generator) column(sc *scope, t typ) string {
	var cands []string
	for _, r := range sc.refs {
		for _, c := range r.t.cols {
			if c.t == t {
				cands = append(cands, r.alias+"."+c.name)
			}
		}
	}
	if len(cands) == 0 {
		return ""
	}
	return pick(g, cands)
}

// expr generates an expression of type t; depth bounds nesting.
func (g *Generator) expr(sc *scope, t typ, depth int) string {
	if depth <= 0 || g.r.IntN(3) == 0 {
		if c := g.column(sc, t); c != "" && g.r.IntN(5) > 0 {
			return c
		}
		return g.literal(sc, t)
	}
	switch t {
	case tInt:
		return g.intExpr(sc, depth-1)
	case tDec:
		return g.decExpr(sc, depth-1)
	case tStr:
		return g.strExpr(sc, depth-1)
	case tDate:
		return g.dateExpr(sc, depth-1)
	case tDateTime:
		return g.dtExpr(sc, depth-1)
	default:
		return g.boolExpr(sc, depth-1)
	}
}

func (g *Generator) literal(sc *scope, t typ) string {
	switch t {
	case tInt:
		return fmt.Sprint(pick(g, []int{0, 1, 2, 3, 7, 10, 42, -1, 100, 900001}))
	case tDec:
		return pick(g, []string{"0.00", "1.50", "19.99", "-2.25", "100.00", "0.01"})
	case tStr:
		return pick(g, anyStrLits)
	case tDate:
		return "DATE " + pick(g, dateLits)
	case tDateTime:
		return "TIMESTAMP " + pick(g, dtLits)
	default:
		return pick(g, []string{"TRUE", "FALSE", "(1 = 1)", "NULL IS NULL"})
	}
}

// generic builds the type-independent forms: CASE, COALESCE, IF, NULLIF.
func (g *Generator) generic(sc *scope, t typ, depth int) string {
	a, b := g.expr(sc, t, depth), g.expr(sc, t, depth)
	switch g.r.IntN(6) {
	case 0:
		return fmt.Sprintf("CASE WHEN %s THEN %s ELSE %s END", g.boolExpr(sc, depth), a, b)
	case 1:
		return fmt.Sprintf("CASE WHEN %s THEN %s WHEN %s THEN %s END", g.boolExpr(sc, depth), a, g.boolExpr(sc, depth), b)
	case 2:
		return fmt.Sprintf("COALESCE(%s, %s)", a, b)
	case 3:
		return fmt.Sprintf("IFNULL(%s, %s)", a, b)
	case 4:
		return fmt.Sprintf("IF(%s, %s, %s)", g.boolExpr(sc, depth), a, b)
	default:
		return fmt.Sprintf("NULLIF(%s, %s)", a, b)
	}
}

func (g *Generator) intExpr(sc *scope, d int) string {
	i := func() string { return g.expr(sc, tInt, d) }
	dt := func() string { return g.expr(sc, tDateTime, d) }
	dateish := func() string {
		if g.r.IntN(2) == 0 {
			return g.expr(sc, tDate, d)
		}
		return dt()
	}
	s := func() string { return g.expr(sc, tStr, d) }
	forms := []func() string{
		func() string { return fmt.Sprintf("(%s + %s)", i(), i()) },
		func() string { return fmt.Sprintf("(%s - %s)", i(), i()) },
		func() string { return fmt.Sprintf("(%s * %d)", i(), g.r.IntN(5)+1) },
		func() string { return fmt.Sprintf("ABS(%s)", i()) },
		func() string { return fmt.Sprintf("MOD(%s, %d)", i(), g.r.IntN(6)+2) },
		func() string { return fmt.Sprintf("(%s DIV %d)", i(), g.r.IntN(6)+2) },
		func() string {
			return fmt.Sprintf("%s(%s)", pick(g, []string{"YEAR", "MONTH", "DAY", "DAYOFWEEK", "DAYOFYEAR", "QUARTER", "WEEKDAY", "DAYOFMONTH", "WEEKOFYEAR", "YEARWEEK", "TO_DAYS"}), dateish())
		},
		func() string { return fmt.Sprintf("WEEK(%s, %d)", dateish(), g.r.IntN(8)) },
		func() string { return fmt.Sprintf("YEARWEEK(%s, %d)", dateish(), g.r.IntN(8)) },
		func() string { return fmt.Sprintf("%s(%s)", pick(g, []string{"HOUR", "MINUTE", "SECOND"}), dt()) },
		func() string {
			return fmt.Sprintf("EXTRACT(%s FROM %s)", pick(g, []string{"YEAR", "MONTH", "DAY", "HOUR", "YEAR_MONTH"}), dt())
		},
		func() string { return fmt.Sprintf("%s(%s)", pick(g, []string{"LENGTH", "CHAR_LENGTH", "ASCII"}), s()) },
		func() string {
			return fmt.Sprintf("LOCATE(%s, %s)", pick(g, []string{"'a'", "'@'", "'e'", "' '"}), s())
		},
		func() string { return fmt.Sprintf("INSTR(%s, %s)", s(), pick(g, []string{"'o'", "'.'", "'-'"})) },
		func() string { return fmt.Sprintf("DATEDIFF(%s, %s)", dateish(), dateish()) },
		func() string {
			return fmt.Sprintf("TIMESTAMPDIFF(%s, %s, %s)", pick(g, diffUnits), dt(), dt())
		},
		func() string {
			return fmt.Sprintf("%s(%s)", pick(g, []string{"FLOOR", "CEIL", "ROUND", "SIGN"}), g.expr(sc, tDec, d))
		},
		func() string { return fmt.Sprintf("CAST(%s AS SIGNED)", g.expr(sc, tDec, d)) },
		func() string { return fmt.Sprintf("GREATEST(%s, %s)", i(), i()) },
		func() string { return fmt.Sprintf("LEAST(%s, %s)", i(), i()) },
		func() string { return fmt.Sprintf("STRCMP(%s, %s)", s(), s()) },
		func() string { return fmt.Sprintf("FIELD(%s, 'web', 'store', 'app')", s()) },
		func() string { return fmt.Sprintf("(%s IS NULL)", g.expr(sc, pickType(g), d)) },
		func() string { return g.generic(sc, tInt, d) },
	}
	return forms[g.r.IntN(len(forms))]()
}

func (g *Generator) decExpr(sc *scope, d int) string {
	x := func() string { return g.expr(sc, tDec, d) }
	forms := []func() string{
		func() string { return fmt.Sprintf("(%s + %s)", x(), x()) },
		func() string { return fmt.Sprintf("(%s - %s)", x(), g.expr(sc, tInt, d)) },
		func() string { return fmt.Sprintf("(%s * %s)", x(), pick(g, []string{"2", "0.5", "1.25", "-1"})) },
		func() string { return fmt.Sprintf("(%s / %s)", x(), pick(g, []string{"3", "4", "7", "0"})) },
		func() string {
			return fmt.Sprintf("(%s / %s)", g.expr(sc, tInt, d), pick(g, []string{"3", "8", "100"}))
		},
		func() string { return fmt.Sprintf("ROUND(%s, %d)", x(), g.r.IntN(3)) },
		func() string { return fmt.Sprintf("TRUNCATE(%s, %d)", x(), g.r.IntN(3)) },
		func() string { return fmt.Sprintf("ABS(%s)", x()) },
		func() string { return fmt.Sprintf("CAST(%s AS DECIMAL(10,2))", g.expr(sc, tInt, d)) },
		func() string { return fmt.Sprintf("MOD(%s, 3)", x()) },
		func() string { return g.generic(sc, tDec, d) },
	}
	return forms[g.r.IntN(len(forms))]()
}

func (g *Generator) strExpr(sc *scope, d int) string {
	s := func() string { return g.expr(sc, tStr, d) }
	dateish := func() string {
		if g.r.IntN(2) == 0 {
			return g.expr(sc, tDate, d)
		}
		return g.expr(sc, tDateTime, d)
	}
	forms := []func() string{
		func() string { return fmt.Sprintf("CONCAT(%s, %s)", s(), s()) },
		func() string { return fmt.Sprintf("CONCAT_WS('-', %s, %s)", s(), s()) },
		func() string {
			return fmt.Sprintf("%s(%s)", pick(g, []string{"UPPER", "LOWER", "TRIM", "LTRIM", "RTRIM", "REVERSE"}), s())
		},
		func() string { return fmt.Sprintf("SUBSTRING(%s, %d, %d)", s(), g.r.IntN(4), g.r.IntN(5)+1) },
		func() string { return fmt.Sprintf("SUBSTRING(%s, %d)", s(), g.r.IntN(7)-3) },
		func() string { return fmt.Sprintf("%s(%s, %d)", pick(g, []string{"LEFT", "RIGHT"}), s(), g.r.IntN(5)) },
		func() string {
			return fmt.Sprintf("REPLACE(%s, %s, %s)", s(), pick(g, []string{"'a'", "'e'", "'-'"}), pick(g, []string{"'A'", "''", "'__'"}))
		},
		func() string {
			return fmt.Sprintf("%s(%s, %d, '*')", pick(g, []string{"LPAD", "RPAD"}), s(), g.r.IntN(10))
		},
		func() string {
			return fmt.Sprintf("SUBSTRING_INDEX(%s, %s, %d)", s(), pick(g, []string{"'@'", "'.'", "' '"}), g.r.IntN(5)-2)
		},
		func() string { return fmt.Sprintf("DATE_FORMAT(%s, %s)", dateish(), pick(g, dateFmts)) },
		func() string { return fmt.Sprintf("%s(%s)", pick(g, []string{"DAYNAME", "MONTHNAME"}), dateish()) },
		func() string {
			return fmt.Sprintf("CAST(%s AS CHAR)", g.expr(sc, pick(g, []typ{tInt, tDec, tDate}), d))
		},
		func() string { return fmt.Sprintf("REPEAT(%s, %d)", s(), g.r.IntN(3)) },
		func() string { return fmt.Sprintf("CONCAT(%s, %s)", s(), g.expr(sc, pick(g, []typ{tInt, tDec}), d)) },
		func() string { return g.generic(sc, tStr, d) },
	}
	return forms[g.r.IntN(len(forms))]()
}

func (g *Generator) dateExpr(sc *scope, d int) string {
	dt := func() string { return g.expr(sc, tDateTime, d) }
	x := func() string { return g.expr(sc, tDate, d) }
	forms := []func() string{
		func() string { return fmt.Sprintf("DATE(%s)", dt()) },
		func() string { return fmt.Sprintf("LAST_DAY(%s)", x()) },
		func() string { return fmt.Sprintf("MAKEDATE(YEAR(%s), %d)", dt(), g.r.IntN(40)+1) },
		func() string {
			return fmt.Sprintf("%s(%s, INTERVAL %d %s)", pick(g, []string{"DATE_ADD", "DATE_SUB"}), x(), g.r.IntN(40), pick(g, []string{"DAY", "WEEK", "MONTH", "YEAR"}))
		},
		func() string { return fmt.Sprintf("STR_TO_DATE(CONCAT(YEARWEEK(%s), ' Sunday'), '%%X%%V %%W')", dt()) },
		func() string {
			return fmt.Sprintf("STR_TO_DATE(CONCAT(DATE_FORMAT(%s, '%%Y-%%m'), '-01'), '%%Y-%%m-%%d')", dt())
		},
		func() string {
			return fmt.Sprintf("STR_TO_DATE(CONCAT(YEAR(%[1]s), '-', ((QUARTER(%[1]s) * 3) - 2), '-01'), '%%Y-%%m-%%d')", dt())
		},
		func() string { return fmt.Sprintf("FROM_DAYS(TO_DAYS(%s))", x()) },
		func() string { return fmt.Sprintf("CAST(%s AS DATE)", dt()) },
		func() string { return g.generic(sc, tDate, d) },
	}
	return forms[g.r.IntN(len(forms))]()
}

func (g *Generator) dtExpr(sc *scope, d int) string {
	x := func() string { return g.expr(sc, tDateTime, d) }
	forms := []func() string{
		func() string {
			return fmt.Sprintf("%s(%s, INTERVAL %d %s)", pick(g, []string{"DATE_ADD", "DATE_SUB"}), x(), g.r.IntN(50), pick(g, units))
		},
		func() string { return fmt.Sprintf("(%s + INTERVAL %d %s)", x(), g.r.IntN(50), pick(g, units)) },
		func() string { return fmt.Sprintf("TIMESTAMP(%s)", g.expr(sc, tDate, d)) },
		func() string {
			return fmt.Sprintf("STR_TO_DATE(DATE_FORMAT(%s, '%%Y-%%m-%%d %%H'), '%%Y-%%m-%%d %%H')", x())
		},
		func() string {
			return fmt.Sprintf("STR_TO_DATE(DATE_FORMAT(%s, '%%Y-%%m-%%d %%H:%%i'), '%%Y-%%m-%%d %%H:%%i')", x())
		},
		func() string { return fmt.Sprintf("TIMESTAMPADD(%s, %d, %s)", pick(g, units), g.r.IntN(30)-10, x()) },
		func() string { return fmt.Sprintf("CAST(%s AS DATETIME)", g.expr(sc, tDate, d)) },
		func() string { return g.generic(sc, tDateTime, d) },
	}
	return forms[g.r.IntN(len(forms))]()
}

// comparable types for a comparison predicate.
var cmpTypes = []typ{tInt, tInt, tDec, tStr, tDate, tDateTime}

func (g *Generator) boolExpr(sc *scope, d int) string {
	if d < 0 {
		d = 0
	}
	forms := []func() string{
		func() string {
			t := pick(g, cmpTypes)
			return fmt.Sprintf("%s %s %s", g.expr(sc, t, d), pick(g, []string{"=", "<>", "<", "<=", ">", ">=", "<=>"}), g.expr(sc, t, d))
		},
		func() string {
			return fmt.Sprintf("%s IS %sNULL", g.expr(sc, pickType(g), d), pick(g, []string{"", "NOT "}))
		},
		func() string {
			t := pick(g, []typ{tInt, tDec, tDate, tDateTime})
			return fmt.Sprintf("%s %sBETWEEN %s AND %s", g.expr(sc, t, d), pick(g, []string{"", "NOT "}), g.literal(sc, t), g.literal(sc, t))
		},
		func() string {
			return fmt.Sprintf("%s %sLIKE %s", g.expr(sc, tStr, d), pick(g, []string{"", "NOT "}), pick(g, likePats))
		},
		func() string { return g.inList(sc, d) },
		func() string { return fmt.Sprintf("NOT (%s)", g.boolExpr(sc, d-1)) },
		func() string { return fmt.Sprintf("(%s AND %s)", g.boolExpr(sc, d-1), g.boolExpr(sc, d-1)) },
		func() string { return fmt.Sprintf("(%s OR %s)", g.boolExpr(sc, d-1), g.boolExpr(sc, d-1)) },
		func() string {
			if c := g.column(sc, tBool); c != "" {
				return fmt.Sprintf("%s %s", c, pick(g, []string{"= 1", "IS TRUE", "= FALSE", "<> 0"}))
			}
			return g.literal(sc, tBool)
		},
	}
	return forms[g.r.IntN(len(forms))]()
}

// inList is "col IN (literals)" over a column with known values.
func (g *Generator) inList(sc *scope, d int) string {
	for _, r := range shuffled(g, sc.refs) {
		for _, c := range r.t.cols {
			if lits, ok := strLits[c.name]; ok {
				n := g.r.IntN(3) + 1
				var vals []string
				for range n {
					vals = append(vals, pick(g, lits))
				}
				if g.r.IntN(4) == 0 {
					vals = append(vals, "NULL")
				}
				return fmt.Sprintf("%s.%s %sIN (%s)", r.alias, c.name, pick(g, []string{"", "NOT "}), strings.Join(vals, ", "))
			}
		}
	}
	return fmt.Sprintf("%s IN (1, 2, 3)", g.expr(sc, tInt, d))
}

func pickType(g *Generator) typ { return typ(g.r.IntN(int(nTypes) - 1)) }

func pick[T any](g *Generator, xs []T) T { return xs[g.r.IntN(len(xs))] }

func shuffled[T any](g *Generator, xs []T) []T {
	out := append([]T(nil), xs...)
	g.r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}
