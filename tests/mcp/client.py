"""Drives `vault mcp` with the official MCP Python SDK, as an MCP host would.

Usage: client.py MODE VAULT AGENT KEY_FILE [TOOL JSON_ARGUMENTS]...

MODE is `legacy` (the initialize handshake; the only one of SDK 1.x), `auto` (SDK 2.x: probes
`server/discover` first) or a protocol version to adopt directly (`2026-07-28`). Each TOOL is
called with its arguments, in order. Prints one JSON object: the protocol version in use, each
tool's input schema (checked to be a valid JSON Schema), and each call's result as the SDK
parsed it. VAULT_HOME and the other variables come from the environment.
"""

import asyncio
import json
import os
import sys

import jsonschema
import mcp
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


def field(model, snake, camel):
    """A field of a result: SDK 2.x names them in snake case, 1.x as the protocol does."""
    return getattr(model, snake) if hasattr(model, snake) else getattr(model, camel)


def dumped(result):
    return {
        "is_error": bool(field(result, "is_error", "isError")),
        "text": "".join(block.text for block in result.content if block.type == "text"),
        "structured": field(result, "structured_content", "structuredContent"),
    }


async def exercise(session_like, calls, version):
    listed = await session_like.list_tools()
    tools = {}
    for tool in listed.tools:
        schema = field(tool, "input_schema", "inputSchema")
        jsonschema.Draft202012Validator.check_schema(schema)
        tools[tool.name] = {"description": tool.description, "schema": schema}
    results = []
    for name, arguments in calls:
        results.append(dumped(await session_like.call_tool(name, arguments)))
    return {"protocol_version": version, "tools": tools, "calls": results}


async def main():
    mode, vault, agent, key, *rest = sys.argv[1:]
    calls = [(rest[i], json.loads(rest[i + 1])) for i in range(0, len(rest), 2)]
    params = StdioServerParameters(
        command=vault,
        args=["mcp", "--agent", agent, "--key-file", key, "--no-sandbox"],
        env={name: value for name, value in os.environ.items() if name.startswith("VAULT_")},
    )
    if mode == "legacy" or not hasattr(mcp, "Client"):
        async with stdio_client(params) as (read, write):
            async with ClientSession(read, write) as session:
                initialized = await session.initialize()
                version = field(initialized, "protocol_version", "protocolVersion")
                report = await exercise(session, calls, version)
    else:
        async with mcp.Client(params, mode=mode) as client:
            report = await exercise(client, calls, client.protocol_version)
    json.dump(report, sys.stdout)


asyncio.run(main())
