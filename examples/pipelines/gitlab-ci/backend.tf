# State for the GitLab pipeline: GitLab-managed Terraform state through the http backend,
# with locking. .gitlab-ci.yml configures it with TF_HTTP_* variables (address, lock
# address and methods, and the job token as password), so no credential is in this file.
terraform {
  backend "http" {}
}
