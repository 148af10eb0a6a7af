"""Reports over synthesized stacks and exported networks: diff, audit, diagram (pure: no CDK imported)."""
