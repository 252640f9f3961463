package affinity

import (
	"strings"

	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// Level is the granularity of an item: a product or one of the three
// category levels of products.
type Level int

// Levels, in the order of the products table's columns.
const (
	LevelProduct Level = iota
	LevelCategory1
	LevelCategory2
	LevelCategory3
)

var levelNames = [...]string{"product", "category_1", "category_2", "category_3"}

func (l Level) String() string { return levelNames[l] }

// defaultLevel is the primary category level when no setting is saved:
// the middle level, specific enough to act on and broad enough to have
// support in a small shop.
const defaultLevel = LevelCategory2

// ParseLevel reads a level name (case-insensitive; "category1" and "1"
// are accepted for category_1).
func ParseLevel(s string) (Level, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimPrefix(strings.ReplaceAll(s, "_", ""), "category")
	switch s {
	case "product", "products":
		return LevelProduct, true
	case "1":
		return LevelCategory1, true
	case "2":
		return LevelCategory2, true
	case "3":
		return LevelCategory3, true
	}
	return 0, false
}

// levelArg reads argument i as a level; absent or NULL means def.
func levelArg(fn string, args []any, i int, def Level) (Level, error) {
	s, err := sqlfn.String(fn, args, i, "")
	if err != nil || s == "" {
		return def, err
	}
	l, ok := ParseLevel(s)
	if !ok {
		return 0, sqlfn.ErrArg(fn, "argument %d: level %q is not product, category_1, category_2 or category_3", i+1, s)
	}
	return l, nil
}
