package provider

import (
	"context"
	"fmt"
	"math/big"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

// TestCompaniesListingWhileCompaniesChange reads connectwise_companies (companies not in
// the recycle bin) on a site of 2,500 while a person moves 25 companies of the first page
// to the recycle bin after that page is read, and restores 10 others of it after the
// second. Every company that was never in the recycle bin is listed exactly once.
func TestCompaniesListingWhileCompaniesChange(t *testing.T) {
	clearProviderEnv(t)
	d := simulator.DefaultLookups()
	const n = 2500
	restored := func(id int) bool { return id >= 50 && id < 60 }
	for id := 1; id <= n; id++ {
		d.Companies = append(d.Companies, map[string]any{
			"id": id, "identifier": fmt.Sprintf("C%05d", id), "name": fmt.Sprintf("Company %d", id),
			"status": map[string]any{"id": 1, "name": "Active"}, "deletedFlag": restored(id),
		})
	}
	srv := simulator.StartTest(t, simulator.Options{Data: d})
	var binned, back []int
	for id := 100; id < 850; id += 30 {
		binned = append(binned, id)
	}
	for id := 50; id < 60; id++ {
		back = append(back, id)
	}
	for _, m := range []simulator.PageMutation{
		{Route: "/company/companies", AfterPage: 1, Kind: "companies", IDs: binned, Fields: map[string]any{"deletedFlag": true}},
		{Route: "/company/companies", AfterPage: 2, Kind: "companies", IDs: back, Fields: map[string]any{"deletedFlag": false}},
	} {
		if err := srv.Sim.AddPageMutation(m); err != nil {
			t.Fatal(err)
		}
	}
	read := readDataSourceAtProtocol(t, srv)
	resp := read("connectwise_companies", map[string]tftypes.Value{})

	listed := map[int]int{}
	for _, id := range listedCompanyIDs(t, resp) {
		listed[id]++
	}
	skipped, duplicated := 0, 0
	for id := 1; id <= n; id++ {
		stayed := !restored(id) && (id < 100 || id >= 850 || (id-100)%30 != 0)
		if stayed && listed[id] == 0 {
			skipped++
		}
		if listed[id] > 1 {
			duplicated++
		}
	}
	if skipped != 0 || duplicated != 0 {
		t.Errorf("%d companies listed: %d of those never in the recycle bin skipped, %d listed twice", len(listed), skipped, duplicated)
	}
}

// listedCompanyIDs are the ids of connectwise_companies' companies, in order.
func listedCompanyIDs(t *testing.T, resp *tfprotov6.ReadDataSourceResponse) []int {
	t.Helper()
	server := protocolServer(t)
	schemas, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	v, err := resp.State.Unmarshal(schemas.DataSourceSchemas["connectwise_companies"].ValueType())
	if err != nil {
		t.Fatal(err)
	}
	var state map[string]tftypes.Value
	var companies []tftypes.Value
	if err := v.As(&state); err != nil {
		t.Fatal(err)
	}
	if err := state["companies"].As(&companies); err != nil {
		t.Fatal(err)
	}
	ids := make([]int, 0, len(companies))
	for _, c := range companies {
		var attrs map[string]tftypes.Value
		var id big.Float
		if err := c.As(&attrs); err != nil {
			t.Fatal(err)
		}
		if err := attrs["id"].As(&id); err != nil {
			t.Fatal(err)
		}
		i, _ := id.Int64()
		ids = append(ids, int(i))
	}
	return ids
}
