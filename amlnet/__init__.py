"""amlnet: CDK for Terraform constructs that put Azure Machine Learning inside your own virtual network."""

__version__ = "0.1.0"
