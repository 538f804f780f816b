import LoketCLI

await LoketCommand.start()
