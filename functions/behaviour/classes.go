package behaviour

import (
	"slices"
	"strings"
)

// sortByName sorts indexes into names by name.
func sortByName(idx []int, names []string) {
	slices.SortFunc(idx, func(a, b int) int { return strings.Compare(names[a], names[b]) })
}
