package main

import (
	"fmt"
	"os"
	"path/filepath"
)

// seedMappings is how many mappings a seeded state's apply maps: 2 would check the cloning
// against one other mapping only; a third catches a value two of them share by chance.
const seedMappings = 3

// seed gives each configuration the state a first apply of all mappings would write (see
// seedstate.go): it applies the configuration for the first seedMappings mappings, then
// clones them. A configuration whose instances do not clone is applied in full instead,
// and the row says so.
func (b *bench) seed(row *planRow, s *simulator, mappings []mapping, configs []configuration) error {
	k := min(seedMappings, len(mappings))
	fmt.Fprintf(os.Stderr, "N = %d, Terraform %s: seeding the states from an apply of %d mappings\n", row.n, row.cli, k)
	toks, err := siteTokens(s, mappings)
	if err != nil {
		return err
	}
	row.seeded = k
	for _, cfg := range configs {
		cloned, err := b.seedDir(cfg.t, b.opts.layout, k, toks, func(ms []mapping) error { return writeConfig(cfg.t.dir, cfg.text(ms)) }, mappings)
		if err != nil {
			return err
		}
		if !cloned {
			row.applied = append(row.applied, cfg.kind)
		}
	}
	return nil
}

// seedDir gives the configuration in t.dir, written for some mappings by write, the state a
// first apply of all of them would write: it applies it for the first k, clones them, and
// writes it for all. When the instances do not clone it applies all and says so (cloned
// false).
func (b *bench) seedDir(t tf, layout string, k int, toks []tokens, write func([]mapping) error, mappings []mapping) (cloned bool, err error) {
	if err := write(mappings[:k]); err != nil {
		return false, err
	}
	if _, err := t.run(nil, applyArgs...); err != nil {
		return false, err
	}
	path := filepath.Join(t.dir, "terraform.tfstate")
	raw, err := os.ReadFile(path) //nolint:gosec // G304: our own file
	if err != nil {
		return false, err
	}
	if err := write(mappings); err != nil {
		return false, err
	}
	seeded, err := seedState(raw, layout, k, toks)
	if err == nil {
		return true, os.WriteFile(path, seeded, 0o600)
	}
	fmt.Fprintf(os.Stderr, "%s: the state does not clone, applying all %d mappings: %v\n", t.dir, len(mappings), err)
	_, err = t.run(nil, applyArgs...)
	return false, err
}

// siteTokens are each mapping's tokens, with the site's companies and agreements.
func siteTokens(s *simulator, mappings []mapping) ([]tokens, error) {
	byID := func(kind string) (map[int]map[string]any, error) {
		records, err := s.list(kind)
		out := map[int]map[string]any{}
		for _, r := range records {
			out[id(r["id"])] = r
		}
		return out, err
	}
	companies, err := byID("companies")
	if err != nil {
		return nil, err
	}
	agreements, err := byID("agreements")
	if err != nil {
		return nil, err
	}
	toks := make([]tokens, len(mappings))
	for i, m := range mappings {
		toks[i] = mappingTokens(i, m, companies, agreements)
	}
	return toks, nil
}
