package unify

import (
	"fmt"
	"sort"
	"strings"
)

// Kinds of match rules.
const (
	KindEmail        = "email"         // customers.email, normalised by Email
	KindPhone        = "phone"         // customers.phone in E.164, national numbers read in the customer's country
	KindNamePostcode = "name_postcode" // same country and postcode, full names Jaro-Winkler ≥ threshold
	KindExact        = "exact"         // any text column, normalised by Text
)

// DefaultThreshold is the least similarity of the default fuzzy rule.
const DefaultThreshold = 0.92

// Rule is one row of match_rules.
type Rule struct {
	Name      string
	Priority  int64
	Kind      string
	Column    string  // exact rules only
	Threshold float64 // name_postcode only
	Options   map[string]string
	Email     EmailOptions // email rules: parsed Options
}

// parseOptions reads "key=value;key=value" (keys lower-cased, values
// trimmed); a key without '=' is "1".
func parseOptions(s string) (map[string]string, error) {
	out := map[string]string{}
	for _, part := range strings.Split(s, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		if !ok {
			v = "1"
		}
		k = strings.ToLower(strings.TrimSpace(k))
		if k == "" {
			return nil, fmt.Errorf("option %q has no name", part)
		}
		out[k] = strings.TrimSpace(v)
	}
	return out, nil
}

// knownOptions are the options each kind reads; others are an error, so
// a misspelt option is not silently ignored.
var knownOptions = map[string][]string{
	KindEmail:        {"dot_domains", "plus_all"},
	KindPhone:        {"region"},
	KindNamePostcode: {},
	KindExact:        {},
}

// NewRule checks a match_rules row and returns it ready to apply.
func NewRule(name string, priority int64, kind, column string, threshold float64, options string) (Rule, error) {
	r := Rule{Name: name, Priority: priority, Kind: strings.ToLower(strings.TrimSpace(kind)), Column: strings.TrimSpace(column), Threshold: threshold}
	known, ok := knownOptions[r.Kind]
	if !ok {
		return r, fmt.Errorf("rule %s: kind %q is not one of email, phone, name_postcode, exact", name, kind)
	}
	opts, err := parseOptions(options)
	if err != nil {
		return r, fmt.Errorf("rule %s: %w", name, err)
	}
	for k := range opts {
		if !contains(known, k) {
			return r, fmt.Errorf("rule %s: kind %s has no option %q", name, r.Kind, k)
		}
	}
	r.Options = opts
	switch r.Kind {
	case KindEmail:
		dots, ok := opts["dot_domains"]
		if !ok {
			dots = DefaultDotDomains
		}
		r.Email.DotDomains = map[string]bool{}
		for _, d := range strings.Split(dots, ",") {
			if d = strings.ToLower(strings.TrimSpace(d)); d != "" {
				r.Email.DotDomains[d] = true
			}
		}
		r.Email.PlusAll = opts["plus_all"] == "1" || strings.EqualFold(opts["plus_all"], "true")
	case KindNamePostcode:
		if r.Threshold == 0 {
			r.Threshold = DefaultThreshold
		}
		if r.Threshold <= 0 || r.Threshold > 1 {
			return r, fmt.Errorf("rule %s: threshold %v must be in (0, 1]", name, threshold)
		}
	case KindExact:
		if r.Column == "" {
			return r, fmt.Errorf("rule %s: an exact rule names the customers column it compares", name)
		}
	}
	return r, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// sortRules orders rules by priority, then name: the order links apply in.
func sortRules(rules []Rule) {
	sort.SliceStable(rules, func(i, j int) bool {
		if rules[i].Priority != rules[j].Priority {
			return rules[i].Priority < rules[j].Priority
		}
		return rules[i].Name < rules[j].Name
	})
}

// Survivorship criteria, in the order survivorship_rules lists them.
const (
	BySourcePriority = "source_priority" // options: sources, best first
	ByMostComplete   = "most_complete"   // most non-empty profile fields
	ByMostRecent     = "most_recent"     // latest updated_at (signup_at when NULL)
	ByOldest         = "oldest"          // earliest signup_at
)

// Criterion is one row of survivorship_rules.
type Criterion struct {
	Name    string
	Sources map[string]int // source_priority: rank of each source (lower wins)
}

// NewCriterion checks a survivorship_rules row.
func NewCriterion(name, options string) (Criterion, error) {
	c := Criterion{Name: strings.ToLower(strings.TrimSpace(name))}
	switch c.Name {
	case BySourcePriority:
		c.Sources = map[string]int{}
		for i, s := range strings.Split(options, ",") {
			if s = strings.ToLower(strings.TrimSpace(s)); s != "" {
				if _, dup := c.Sources[s]; !dup {
					c.Sources[s] = i
				}
			}
		}
		if len(c.Sources) == 0 {
			return c, fmt.Errorf("survivorship source_priority needs its sources in options, best first (e.g. 'store,web')")
		}
	case ByMostComplete, ByMostRecent, ByOldest:
	default:
		return c, fmt.Errorf("survivorship criterion %q is not one of source_priority, most_complete, most_recent, oldest", name)
	}
	return c, nil
}

// DefaultSurvivorship is used while survivorship_rules is empty.
func DefaultSurvivorship() []Criterion {
	return []Criterion{{Name: ByMostComplete}, {Name: ByMostRecent}}
}

// RuleRow is a row of match_rules as CALL unify() seeds it.
type RuleRow struct {
	Name      string
	Priority  int64
	Kind      string
	Threshold float64
	Options   string
}

// DefaultRules are the rules a new match_rules table starts with.
var DefaultRules = []RuleRow{
	{"email", 10, KindEmail, 0, "dot_domains=" + DefaultDotDomains},
	{"phone", 20, KindPhone, 0, ""},
	{"name_postcode", 30, KindNamePostcode, DefaultThreshold, ""},
}
