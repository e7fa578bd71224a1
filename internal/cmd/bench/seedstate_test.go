package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// seedSite is a site of 4 mappings, the first two of one company, as pickMappings picks them.
func seedSite() []tokens {
	companies := map[int]map[string]any{
		10: {"id": 10.0, "name": "Contoso", "identifier": "Contoso"},
		11: {"id": 11.0, "name": "Fabrikam", "identifier": "FabrikamInc"},
		12: {"id": 12.0, "name": "Northwind", "identifier": "Northwind"},
	}
	agreements := map[int]map[string]any{}
	mappings := []mapping{{10, 100}, {10, 101}, {11, 102}, {12, 103}}
	var toks []tokens
	for _, m := range mappings {
		agreements[m.agreement] = map[string]any{"id": float64(m.agreement), "name": fmt.Sprintf("Agreement %d", m.agreement), "agreementStatus": "Active"}
	}
	for i, m := range mappings {
		toks = append(toks, mappingTokens(i, m, companies, agreements))
	}
	return toks
}

// appliedInstance is what the provider writes for the i-th mapping of seedSite.
func appliedInstance(i int, company int, name string, agreement int) string {
	return fmt.Sprintf(`{"schema_version":0,"attributes":{"id":"Bench/%[1]s","organization_id":"%[1]s","company_id":%[2]d,"company_name":%[3]q,"agreement_id":%[4]d,"agreement_name":"Agreement %[4]d","agreement_status":"Active"},"identity_schema_version":0,"identity":{"organization_id":"%[1]s","agreement_id":%[4]d},"private":"eyJ4IjoxfQ==","dependencies":["connectwise_integration.bench"]}`,
		customerKey(i), company, name, agreement)
}

func staticState(instances ...string) []byte {
	resources := []string{`{"mode":"managed","type":"connectwise_integration","name":"bench","provider":"p","instances":[{"attributes":{"id":"Bench"}}]}`}
	for i, in := range instances {
		resources = append(resources, fmt.Sprintf(`{"mode":"managed","type":"connectwise_customer_mapping","name":%q,"provider":"p","instances":[%s]}`, blockName(i), in))
	}
	return []byte(`{"version":4,"serial":7,"lineage":"l","resources":[` + strings.Join(resources, ",") + `]}`)
}

// The seeded state holds, for a mapping not applied, exactly what the provider would have
// written for it, identity included, and says it is a later serial of the same lineage.
func TestSeedStateStatic(t *testing.T) {
	toks := seedSite()
	raw := staticState(appliedInstance(0, 10, "Contoso", 100), appliedInstance(1, 10, "Contoso", 101), appliedInstance(2, 11, "Fabrikam", 102))
	out, err := seedState(raw, layoutStatic, 3, toks)
	if err != nil {
		t.Fatal(err)
	}
	st, err := decodeState(out)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprintf("%v %v", st["serial"], st["lineage"]) != "8 l" {
		t.Errorf("serial, lineage = %v %v, want 8 l", st["serial"], st["lineage"])
	}
	got, err := st.findMappings(layoutStatic, 4)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := decodeState(staticState(appliedInstance(3, 12, "Northwind", 103)))
	wantJSON, _ := json.Marshal(want["resources"].([]any)[1].(map[string]any)["instances"].([]any)[0])
	gotJSON, _ := json.Marshal(got[3].instance)
	if string(gotJSON) != string(wantJSON) {
		t.Errorf("mapping 3 seeded\n%s\nwant\n%s", gotJSON, wantJSON)
	}
}

// An attribute the tokens do not explain fails the seeding instead of writing a state that
// plans changes.
func TestSeedStateUnexplained(t *testing.T) {
	toks := seedSite()
	odd := strings.Replace(appliedInstance(2, 11, "Fabrikam", 102), `"Active"`, `"Expired"`, 1)
	raw := staticState(appliedInstance(0, 10, "Contoso", 100), appliedInstance(1, 10, "Contoso", 101), odd)
	if _, err := seedState(raw, layoutStatic, 3, toks); err == nil {
		t.Fatal("seeded a state whose instances differ in agreement_status")
	}
}
