package quality

import "github.com/cohortdb/cohortdb/functions/sqlfn"

// Shared is the package's Flights, for tests of sharing.
func Shared() *sqlfn.Flights { return &shared }
