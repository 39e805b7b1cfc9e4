"""The conversation engine: NLU, policy, dialogue state and the engines that run them."""
