"""acr-lifecycle: ECR-style lifecycle policies for Azure Container Registry."""
