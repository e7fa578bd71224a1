package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/hashicorp/go-version"

	"github.com/mspkit/terraform-provider-connectwise/internal/billing"
	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
	"github.com/mspkit/terraform-provider-connectwise/internal/usagesync"
)

// sync pushes the usage: with the connectwise_sync_usage action where Terraform can run it,
// otherwise with the same executor the action runs, as a stand-in for the hourly pipeline.
func (d *demo) sync() error {
	if d.actions {
		step("terraform apply -invoke=action.connectwise_sync_usage.preview (dry run: nothing is written)")
		if err := d.tf.must("apply", "-input=false", "-no-color", "-auto-approve", "-invoke=action.connectwise_sync_usage.preview"); err != nil {
			return err
		}
		step("terraform apply -invoke=action.connectwise_sync_usage.hourly (the hourly pipeline)")
		err := d.tf.must("apply", "-input=false", "-no-color", "-auto-approve", "-invoke=action.connectwise_sync_usage.hourly")
		return err
	}
	if d.openTofu && d.syncTF != "" {
		return d.syncBeside()
	}
	if d.openTofu {
		step("The sync: OpenTofu has no actions and no -sync-terraform was given; running the same executor directly instead")
		fmt.Println("(Beside OpenTofu this step is the sync module of examples/pipelines/opentofu, run by Terraform 1.14+:")
		fmt.Println(" make demo-opentofu.)")
		return d.syncExecutor()
	}
	step("The sync: connectwise_sync_usage needs Terraform 1.14; running the same executor directly instead")
	fmt.Println("(On Terraform 1.14+ this step is `terraform apply -invoke=action.connectwise_sync_usage.hourly`,")
	fmt.Println(" preceded by the dry run `-invoke=action.connectwise_sync_usage.preview`.)")
	return d.syncExecutor()
}

// syncBeside is the OpenTofu pipeline's sync (examples/pipelines/opentofu): the mappings as
// the OpenTofu state holds them, handed over by `tofu output -json sync_mappings`, billed by
// the sync module's action with Terraform (-sync-terraform) in a directory of its own.
func (d *demo) syncBeside() error {
	step("The hand-over: tofu output -json sync_mappings > sync/mappings.json (the mappings OpenTofu applied)")
	out, code, err := d.tf.quiet("output", "-no-color", "-json", "sync_mappings")
	if err == nil && code != 0 {
		err = fmt.Errorf("tofu output exited with %d: %s", code, out)
	}
	if err != nil {
		return err
	}
	var handover struct {
		Customers []map[string]any `json:"customers"`
	}
	if err := json.Unmarshal([]byte(out), &handover); err != nil {
		return fmt.Errorf("tofu output -json sync_mappings: %w", err)
	}
	fmt.Printf("%d customer mappings handed over\n", len(handover.Customers))
	sync := terraform{ctx: d.ctx, path: d.syncTF, dir: filepath.Join(d.work, "sync"), env: d.tf.env}
	if err := os.MkdirAll(sync.dir, 0o700); err != nil {
		return err
	}
	files := map[string]string{
		"versions.tf": filepath.Join(d.root, "examples", "pipelines", "opentofu", "sync", "versions.tf"),
		"sync.tf":     filepath.Join(d.root, "examples", "pipelines", "opentofu", "sync", "sync.tf"),
		"usage.json":  filepath.Join(d.tf.dir, "usage.json"), // the same usage the reconciliation reads
	}
	for name, from := range files {
		b, err := os.ReadFile(from)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(sync.dir, name), b, 0o600); err != nil {
			return err
		}
	}
	if err := os.WriteFile(filepath.Join(sync.dir, "mappings.json"), []byte(out), 0o600); err != nil {
		return err
	}
	v, openTofu, err := sync.version()
	if err != nil {
		return err
	}
	if openTofu || v.LessThan(version.Must(version.NewVersion("1.14.0"))) {
		return fmt.Errorf("-sync-terraform %s: want Terraform 1.14 or later, not %s", d.syncTF, v)
	}
	step("Terraform %s beside it (examples/pipelines/opentofu/sync): apply -invoke=action.connectwise_sync_usage.preview (dry run)", v)
	if err := sync.must("apply", "-input=false", "-no-color", "-auto-approve", "-invoke=action.connectwise_sync_usage.preview"); err != nil {
		return err
	}
	step("terraform apply -invoke=action.connectwise_sync_usage.hourly: bills the customers the OpenTofu state maps")
	return sync.must("apply", "-input=false", "-no-color", "-auto-approve", "-invoke=action.connectwise_sync_usage.hourly")
}

// syncExecutor runs the executor the action runs, as a stand-in for the hourly pipeline.
func (d *demo) syncExecutor() error {
	req, err := d.requestFromState()
	if err != nil {
		return err
	}
	client, err := connectwise.New(connectwise.Config{
		SiteURL: d.sim.URL, CompanyID: simulator.DefaultCompanyID, PublicKey: simulator.DefaultPublicKey,
		PrivateKey: simulator.DefaultPrivateKey, ClientID: simulator.DefaultClientID,
		UserAgent: "connectwise-demo",
	})
	if err != nil {
		return err
	}
	res, err := usagesync.Run(d.ctx, client, req, usagesync.Settings{Progress: func(line string) { fmt.Println(line) }})
	if err != nil {
		return err
	}
	if len(res.Failed) > 0 {
		return fmt.Errorf("%d customers failed: %v", len(res.Failed), res.Failed)
	}
	return nil
}

// requestFromState builds the sync input from the mappings Terraform just applied, as the
// action receives them from values(connectwise_customer_mapping.all).
func (d *demo) requestFromState() (usagesync.Request, error) {
	var req usagesync.Request
	customers, err := d.tf.resources("connectwise_customer_mapping")
	if err != nil {
		return req, err
	}
	products, err := d.tf.resources("connectwise_product_mapping")
	if err != nil {
		return req, err
	}
	if len(customers) == 0 || len(products) == 0 {
		return req, errors.New("no mappings in the state")
	}
	for _, c := range customers {
		req.Customers = append(req.Customers, billing.Customer{
			OrganizationID: str(c["organization_id"]), OrganizationName: str(c["organization_name"]),
			CompanyID: integer(c["company_id"]), AgreementID: integer(c["agreement_id"]), SyncEnabled: c["sync_enabled"] == true,
		})
	}
	for _, p := range products {
		req.Products = append(req.Products, billing.Product{
			VendorSKU: str(p["vendor_sku"]), CatalogItemID: integer(p["catalog_item_id"]), CatalogItemIdentifier: str(p["catalog_item_identifier"]),
		})
		req.Options.IntegrationName = str(p["integration_id"])
	}
	raw, err := os.ReadFile(filepath.Join(d.tf.dir, "usage.json"))
	if err != nil {
		return req, err
	}
	if err := json.Unmarshal(raw, &req.Usage); err != nil {
		return req, err
	}
	req.Options.AsOf = time.Now().UTC()
	return req, nil
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func integer(v any) int {
	f, _ := v.(float64)
	return int(f)
}
