package main

import (
	"fmt"
	"os"
)

// checkStates runs `terraform plan -detailed-exitcode`, with refresh and without, on each
// configuration (each floor mode) before the plans are measured (-check-states): a state
// that plans changes, such as a seeded one that is not what an apply would have written,
// would measure something else than the plan of an applied configuration. Exit code 2
// (changes) fails the bench with the plan's output.
func checkStates(row *planRow, runs map[string]tf) error {
	for _, name := range []string{"provider", "baseline", "floor framework", "floor protocol"} {
		t, ok := runs[name]
		if !ok {
			continue
		}
		for _, refresh := range []string{"-refresh=true", "-refresh=false"} {
			if _, err := t.run(nil, "plan", "-input=false", "-no-color", "-detailed-exitcode", refresh); err != nil {
				return fmt.Errorf("%s does not plan \"No changes\" (%s): %w", name, refresh, err)
			}
		}
		fmt.Fprintf(os.Stderr, "N = %d, Terraform %s: %s plans no changes, with refresh and without\n", row.n, row.cli, name)
	}
	return nil
}
