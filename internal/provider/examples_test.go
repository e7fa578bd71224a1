package provider

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every example a user may copy is valid against this provider's schema: `terraform
// validate` runs each example directory with the provider served in-process. Examples
// that use actions or list resources (.tfquery.hcl, validated with -query) need Terraform
// 1.14 and are checked only there.
//
// On OpenTofu (make testacc-opentofu) the same: what OpenTofu lacks (actions, list
// resources) skips, naming OpenTofu. examples/pipelines/opentofu holds a root module for each
// CLI: mappings (validated everywhere, OpenTofu included) and sync (actions: Terraform 1.14),
// validated with a stand-in for the mappings.json its pipeline writes. examples/sharded's
// shard roots reach ../../shard and ../../site.json, so each is validated in a copy of the
// whole example (validateShardRoot); below 1.14 without the module's sync.tf (its actions).
func TestAccExamplesValidate(t *testing.T) {
	tf := terraformAtLeast(t, "1.11.0")
	kind := cliUnderTest(t)
	actions := terraformVersionAtLeast(t, tf, "1.14.0")
	identities := terraformVersionAtLeast(t, tf, "1.12.0")
	var dirs []string
	err := filepath.WalkDir("../../examples", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			tf, _ := filepath.Glob(filepath.Join(path, "*.tf"))
			queries, _ := filepath.Glob(filepath.Join(path, "*.tfquery.hcl"))
			if len(tf)+len(queries) > 0 {
				dirs = append(dirs, path)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) < 10 {
		t.Fatalf("found only %d example directories: %v", len(dirs), dirs)
	}
	for _, dir := range dirs {
		t.Run(strings.TrimPrefix(dir, "../../examples/"), func(t *testing.T) {
			if filepath.Base(filepath.Dir(dir)) == "shards" {
				validateShardRoot(t, tf, dir, actions) // examples/sharded/shards/<name>
				return
			}
			openTofuMappings := strings.HasSuffix(dir, "/pipelines/opentofu/mappings")
			if (strings.Contains(dir, "/actions/") || strings.Contains(dir, "/pipelines/")) && !openTofuMappings && !actions {
				t.Skip(kind.lacks("1.14.0", "an action or pipeline example"))
			}
			if strings.Contains(dir, "/list-resources/") && !actions {
				t.Skip(kind.lacks("1.14.0", "a list resource example"))
			}
			queries, _ := filepath.Glob(filepath.Join(dir, "*.tfquery.hcl"))
			var config strings.Builder
			files, _ := filepath.Glob(filepath.Join(dir, "*"))
			// A CI's directory holds its backend.tf: it is validated with the root module the
			// pipelines run (pipelines/terraform), as the pipeline assembles them.
			if filepath.Base(filepath.Dir(dir)) == "pipelines" && filepath.Base(dir) != "terraform" {
				module, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), "terraform", "*"))
				files = append(module, files...)
			}
			cli := newTerraformCLI(t, tf, "")
			if strings.HasSuffix(dir, "/pipelines/opentofu/sync") {
				// Written by the pipeline from the mappings' state, never committed.
				cli.write("mappings.json", `{"customers": [], "products": []}`)
			}
			for _, f := range files {
				b, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				if filepath.Base(f) == "backend.tf" && openTofuMappings && !kind.openTofu {
					// OpenTofu's S3 backend: the Terraform that make terraform-latest builds has
					// no S3 backend (.ci/build-terraform.sh), and this module is OpenTofu's.
					t.Logf("%s is OpenTofu's backend: validated on OpenTofu only", f)
					continue
				}
				if filepath.Base(f) == "import-by-identity.tf" && !identities {
					t.Log("import-by-identity.tf needs Terraform 1.12: not validated here")
					continue
				}
				if strings.HasSuffix(f, ".tf") {
					if containsAction(b) && !actions {
						t.Logf("%s declares actions, which need Terraform 1.14: not validated here", filepath.Base(f))
						continue
					}
					config.Write(b)
					config.WriteString("\n")
					continue
				}
				cli.write(filepath.Base(f), string(b))
			}
			cli.write("example.tf", strings.Replace(config.String(), "terraform {\n  required_providers {\n    connectwise = {\n      source = \"mspkit/connectwise\"\n    }\n  }\n}\n", "", 1))
			cli.run("init", "-input=false", "-backend=false")
			if len(queries) > 0 && actions {
				cli.run("validate", "-no-color", "-query")
			} else {
				cli.run("validate", "-no-color")
			}
		})
	}
}

func containsAction(b []byte) bool {
	return strings.Contains(string(b), "\naction \"") || strings.HasPrefix(string(b), "action \"")
}
