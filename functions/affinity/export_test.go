package affinity

import "github.com/cohortdb/cohortdb/functions/sqlfn"

// Shared is where concurrent affinity statements meet.
func Shared() *sqlfn.Flights { return &shared }
