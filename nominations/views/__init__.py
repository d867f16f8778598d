"""The web pages of applications and the provincial stage (server-rendered, thin: the domain decides)."""
