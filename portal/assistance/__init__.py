"""The social-assistance register (003; 001 篇十七; 002): programmes, applications and who is likely eligible."""
