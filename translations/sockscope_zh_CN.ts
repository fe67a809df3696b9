<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>JsonWriter</name>
    <message>
        <source>unexpected text after the JSON value</source>
        <translation>JSON 值之后有多余的文本</translation>
    </message>
    <message>
        <source>nested more than %1 levels deep</source>
        <translation>嵌套超过 %1 层</translation>
    </message>
    <message>
        <source>a value is missing at the end</source>
        <translation>末尾缺少值</translation>
    </message>
    <message>
        <source>&apos;%1&apos; does not start a JSON value</source>
        <translation>&apos;%1&apos; 不能作为 JSON 值的开头</translation>
    </message>
    <message>
        <source>an object member must start with a quoted name</source>
        <translation>对象成员必须以带引号的名称开头</translation>
    </message>
    <message>
        <source>&apos;:&apos; expected after the member name</source>
        <translation>成员名称之后应为 &apos;:&apos;</translation>
    </message>
    <message>
        <source>&apos;%1&apos; expected before the end</source>
        <translation>到达末尾前缺少 &apos;%1&apos;</translation>
    </message>
    <message>
        <source>&apos;,&apos; or &apos;%1&apos; expected</source>
        <translation>此处应为 &apos;,&apos; 或 &apos;%1&apos;</translation>
    </message>
    <message>
        <source>a control character must be escaped in a string</source>
        <translation>字符串中的控制字符必须转义</translation>
    </message>
    <message>
        <source>\u needs four hex digits</source>
        <translation>\u 之后须有四位十六进制数字</translation>
    </message>
    <message>
        <source>&apos;\%1&apos; is not a JSON escape</source>
        <translation>&apos;\%1&apos; 不是 JSON 转义序列</translation>
    </message>
    <message>
        <source>a string is not closed</source>
        <translation>字符串未闭合</translation>
    </message>
    <message>
        <source>a number must not have leading zeros</source>
        <translation>数值不能有前导零</translation>
    </message>
    <message>
        <source>digits expected in a number</source>
        <translation>数值中应有数字</translation>
    </message>
    <message>
        <source>digits expected after the decimal point</source>
        <translation>小数点之后应有数字</translation>
    </message>
    <message>
        <source>digits expected in the exponent</source>
        <translation>指数部分应有数字</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>A workbench for WebSocket developers.</source>
        <translation>面向 WebSocket 开发者的调试工作台。</translation>
    </message>
    <message>
        <source>Use the language LANG (e.g. zh_CN, en).</source>
        <translation>使用语言 LANG（例如 zh_CN、en）。</translation>
    </message>
    <message>
        <source>Session files (.sksession) to open.</source>
        <translation>要打开的会话文件（.sksession）。</translation>
    </message>
</context>
<context>
    <name>sockscope::ui::CertificateDialog</name>
    <message>
        <source>Subject: %1
</source>
        <translation>主体：%1
</translation>
    </message>
    <message>
        <source>Issuer: %1
</source>
        <translation>颁发者：%1
</translation>
    </message>
    <message>
        <source>Names: %1
</source>
        <translation>名称：%1
</translation>
    </message>
    <message>
        <source>Valid: %1 to %2
</source>
        <translation>有效期：%1 至 %2
</translation>
    </message>
    <message>
        <source>SHA-256: %1
</source>
        <translation>SHA-256：%1
</translation>
    </message>
    <message>
        <source>Certificate not trusted</source>
        <translation>证书不受信任</translation>
    </message>
    <message>
        <source>Errors:
%1

</source>
        <translation>错误：
%1

</translation>
    </message>
    <message>
        <source>Certificate %1 of %2
%3
</source>
        <translation>证书 %1/%2
%3
</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; presented a certificate that could not be verified. Check the chain and the errors below. Accepting trusts exactly these certificates for this connection only.</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; 出示的证书无法验证。请检查下方的证书链和错误。接受后，仅在此连接中信任这些证书。</translation>
    </message>
    <message>
        <source>Accept for this connection</source>
        <translation>为此连接接受</translation>
    </message>
</context>
<context>
    <name>sockscope::ui::ConnectionTab</name>
    <message>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>permessage-deflate</source>
        <translation>permessage-deflate</translation>
    </message>
    <message>
        <source>ws://host:port/path or wss://…</source>
        <translation>ws://host:port/path 或 wss://…</translation>
    </message>
    <message>
        <source>subprotocols, comma-separated</source>
        <translation>子协议，以逗号分隔</translation>
    </message>
    <message>
        <source>Sec-WebSocket-Protocol; IANA-registered names are suggested</source>
        <translation>Sec-WebSocket-Protocol；输入时会提示已在 IANA 注册的名称</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Handshake</source>
        <translation>握手</translation>
    </message>
    <message>
        <source>Could not connect: %1</source>
        <translation>无法连接：%1</translation>
    </message>
    <message>
        <source>The server broke the protocol: %1 (%2)</source>
        <translation>服务器违反了协议：%1（%2）</translation>
    </message>
    <message>
        <source>Not a valid URL: %1</source>
        <translation>无效的 URL：%1</translation>
    </message>
    <message>
        <source>Not sent: the connection is %1.</source>
        <translation>未发送：连接处于 %1 状态。</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>断开</translation>
    </message>
    <message>
        <source>protocol: %1</source>
        <translation>子协议：%1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>extensions: %1</source>
        <translation>扩展：%1</translation>
    </message>
    <message>
        <source>bufferedAmount: %1</source>
        <translation>bufferedAmount: %1</translation>
    </message>
    <message>
        <source>closed: %1%2</source>
        <translation>已关闭：%1%2</translation>
    </message>
    <message>
        <source>reason: “%1”</source>
        <translation>原因：“%1”</translation>
    </message>
    <message>
        <source>wasClean: true</source>
        <translation>wasClean: true</translation>
    </message>
    <message>
        <source>wasClean: false</source>
        <translation>wasClean: false</translation>
    </message>
    <message>
        <source>New connection</source>
        <translation>新连接</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>选项</translation>
    </message>
    <message>
        <source>Origin, extra handshake headers, keep-alive and reconnecting</source>
        <translation>Origin、额外的握手头、保活和重连</translation>
    </message>
    <message>
        <source>Origin (none)</source>
        <translation>Origin（无）</translation>
    </message>
    <message>
        <source>Header</source>
        <translation>头字段</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Add header</source>
        <translation>添加头字段</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Send a ping this often and show its round trip</source>
        <translation>按此间隔发送 Ping 并显示往返时间</translation>
    </message>
    <message>
        <source>Reconnect with backoff</source>
        <translation>断线后退避重连</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>Origin</translation>
    </message>
    <message>
        <source>Keep-alive ping</source>
        <translation>保活 Ping</translation>
    </message>
    <message>
        <source>Reconnecting in %1 ms (attempt %2)…</source>
        <translation>%1 ms 后重连（第 %2 次尝试）…</translation>
    </message>
    <message>
        <source>ping RTT: %1 ms</source>
        <translation>Ping 往返：%1 ms</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>No proxy</source>
        <translation>不使用代理</translation>
    </message>
    <message>
        <source>System proxy</source>
        <translation>系统代理</translation>
    </message>
    <message>
        <source>HTTP CONNECT</source>
        <translation>HTTP CONNECT</translation>
    </message>
    <message>
        <source>SOCKS5</source>
        <translation>SOCKS5</translation>
    </message>
    <message>
        <source>host:port</source>
        <translation>主机:端口</translation>
    </message>
    <message>
        <source>Extra CA certificates (PEM file), for this connection</source>
        <translation>额外的 CA 证书（PEM 文件），仅用于此连接</translation>
    </message>
    <message>
        <source>Client certificate: PEM or PKCS#12 (.p12, .pfx) file</source>
        <translation>客户端证书：PEM 或 PKCS#12（.p12、.pfx）文件</translation>
    </message>
    <message>
        <source>Private key (PEM), when not in the certificate file</source>
        <translation>私钥（PEM），不在证书文件中时填写</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>代理</translation>
    </message>
    <message>
        <source>Trust</source>
        <translation>信任</translation>
    </message>
    <message>
        <source>Client identity</source>
        <translation>客户端身份</translation>
    </message>
    <message>
        <source>The proxy needs host:port.</source>
        <translation>代理需要填写 主机:端口。</translation>
    </message>
    <message>
        <source>No certificate could be read from %1.</source>
        <translation>无法从 %1 读取证书。</translation>
    </message>
    <message>
        <source>The client certificate cannot be used: %1</source>
        <translation>无法使用该客户端证书：%1</translation>
    </message>
    <message>
        <source>User (none)</source>
        <translation>用户（无）</translation>
    </message>
    <message>
        <source>Password (asked for)</source>
        <translation>密码（连接时询问）</translation>
    </message>
    <message>
        <source>Kept for this tab while it is open, never saved</source>
        <translation>仅在此标签页打开期间保留，从不保存</translation>
    </message>
    <message>
        <source>Passphrase (asked for)</source>
        <translation>密码短语（连接时询问）</translation>
    </message>
    <message>
        <source>The proxy %1 needs the password of %2.</source>
        <translation>代理 %1 需要用户 %2 的密码。</translation>
    </message>
    <message>
        <source>Not connected: the proxy password was not given.</source>
        <translation>未连接：未提供代理密码。</translation>
    </message>
    <message>
        <source>Not connected: the passphrase of %1 was not given.</source>
        <translation>未连接：未提供 %1 的密码短语。</translation>
    </message>
    <message>
        <source>The proxy %1 asks for a user name and password.</source>
        <translation>代理 %1 要求提供用户名和密码。</translation>
    </message>
    <message>
        <source>The proxy %1 asks for a user name and password for “%2”.</source>
        <translation>代理 %1 要求提供“%2”的用户名和密码。</translation>
    </message>
    <message>
        <source>The server answered none of the last %1 keep-alive pings in %2 s: the connection was dropped as dead.</source>
        <translation>服务器在 %2 秒内未应答最近的 %1 次保活 Ping：连接已被判定失效并断开。</translation>
    </message>
    <message>
        <source>Extra CA Certificates</source>
        <translation>额外的 CA 证书</translation>
    </message>
    <message>
        <source>Client Certificate</source>
        <translation>客户端证书</translation>
    </message>
    <message>
        <source>Private Key</source>
        <translation>私钥</translation>
    </message>
</context>
<context>
    <name>sockscope::ui::CredentialsDialog</name>
    <message>
        <source>Passphrase</source>
        <translation>密码短语</translation>
    </message>
    <message>
        <source>Proxy authentication</source>
        <translation>代理身份验证</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>%1 is encrypted. Its passphrase:</source>
        <translation>%1 已加密。请输入其密码短语：</translation>
    </message>
    <message>
        <source>The passphrase does not open %1. Try again:</source>
        <translation>该密码短语无法打开 %1。请重试：</translation>
    </message>
</context>
<context>
    <name>sockscope::ui::FileField</name>
    <message>
        <source>Choose a file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer *.p12 *.pfx)</source>
        <translation>证书 (*.pem *.crt *.cer *.p12 *.pfx)</translation>
    </message>
    <message>
        <source>PEM certificates (*.pem *.crt *.cer)</source>
        <translation>PEM 证书 (*.pem *.crt *.cer)</translation>
    </message>
    <message>
        <source>PEM keys (*.pem *.key)</source>
        <translation>PEM 私钥 (*.pem *.key)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>sockscope::ui::FramesModel</name>
    <message>
        <source>header not recorded</source>
        <translation>未记录帧头</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>7-bit</source>
        <translation>7 位</translation>
    </message>
    <message>
        <source>16-bit (126)</source>
        <translation>16 位（126）</translation>
    </message>
    <message>
        <source>64-bit (127)</source>
        <translation>64 位（127）</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>FIN</source>
        <translation>FIN</translation>
    </message>
    <message>
        <source>RSV 1 2 3</source>
        <translation>RSV 1 2 3</translation>
    </message>
    <message>
        <source>Opcode</source>
        <translation>操作码</translation>
    </message>
    <message>
        <source>Mask key</source>
        <translation>掩码键</translation>
    </message>
    <message>
        <source>Payload length</source>
        <translation>载荷长度</translation>
    </message>
    <message>
        <source>Length encoding</source>
        <translation>长度编码</translation>
    </message>
    <message>
        <source>Header bytes</source>
        <translation>帧头字节</translation>
    </message>
</context>
<context>
    <name>sockscope::ui::HandshakeInspector</name>
    <message>
        <source>Show CR LF</source>
        <translation>显示 CR LF</translation>
    </message>
    <message>
        <source>The upgrade request, as sent</source>
        <translation>发出的升级请求（原样）</translation>
    </message>
    <message>
        <source>The server&apos;s response, as received</source>
        <translation>收到的服务器响应（原样）</translation>
    </message>
    <message>
        <source>Edit an upgrade request here and send it as written</source>
        <translation>在此编辑升级请求，并按原样发送</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Send this request on a new connection</source>
        <translation>用新连接发送此请求</translation>
    </message>
    <message>
        <source>Start from the last request</source>
        <translation>从上一次的请求开始</translation>
    </message>
    <message>
        <source>Request and response</source>
        <translation>请求与响应</translation>
    </message>
    <message>
        <source>TLS certificates</source>
        <translation>TLS 证书</translation>
    </message>
    <message>
        <source>Edit and send</source>
        <translation>编辑并发送</translation>
    </message>
    <message>
        <source>No handshake yet.</source>
        <translation>尚无握手。</translation>
    </message>
    <message>
        <source>No TLS: the connection is ws://, or not made yet.</source>
        <translation>没有 TLS：连接为 ws://，或尚未建立。</translation>
    </message>
    <message>
        <source>%1 Status %2 %3 (101 Switching Protocols expected)</source>
        <translation>%1 状态 %2 %3（应为 101 Switching Protocols）</translation>
    </message>
    <message>
        <source>%1 Upgrade: %2</source>
        <translation>%1 Upgrade: %2</translation>
    </message>
    <message>
        <source>%1 Connection: %2</source>
        <translation>%1 Connection: %2</translation>
    </message>
    <message>
        <source>%1 Sec-WebSocket-Accept %2 = base64(SHA-1(key + 258EAFA5-E914-47DA-95CA-C5AB0DC85B11))</source>
        <translation>%1 Sec-WebSocket-Accept %2 = base64(SHA-1(key + 258EAFA5-E914-47DA-95CA-C5AB0DC85B11))</translation>
    </message>
    <message>
        <source>%1 Sec-WebSocket-Accept is “%2”, expected %3</source>
        <translation>%1 Sec-WebSocket-Accept 为“%2”，应为 %3</translation>
    </message>
    <message>
        <source>%1 Subprotocol: none chosen (offered: %2)</source>
        <translation>%1 子协议：未选择（提供的：%2）</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>%1 Subprotocol: %2 (offered: %3)</source>
        <translation>%1 子协议：%2（提供的：%3）</translation>
    </message>
    <message>
        <source>%1 Extensions: %2 (offered: %3)</source>
        <translation>%1 扩展：%2（提供的：%3）</translation>
    </message>
    <message>
        <source>Certificate %1 of %2
%3
</source>
        <translation>证书 %1/%2
%3
</translation>
    </message>
</context>
<context>
    <name>sockscope::ui::HexView</name>
    <message>
        <source>Go to Offset</source>
        <translation>跳转到偏移量</translation>
    </message>
    <message>
        <source>Offset from 0 to %1 (0x%2), decimal or hex with 0x:</source>
        <translation>偏移量（0 到 %1，即 0x%2），十进制或带 0x 前缀的十六进制：</translation>
    </message>
    <message>
        <source>“%1” is not an offset.</source>
        <translation>“%1”不是有效的偏移量。</translation>
    </message>
    <message>
        <source>Offset %1 is past the end of the data.</source>
        <translation>偏移量 %1 超出了数据末尾。</translation>
    </message>
    <message>
        <source>Copy as &amp;Hex</source>
        <translation>复制为十六进制(&amp;H)</translation>
    </message>
    <message>
        <source>Copy as &amp;Text</source>
        <translation>复制为文本(&amp;T)</translation>
    </message>
    <message>
        <source>Copy as &amp;Base64</source>
        <translation>复制为 Base64(&amp;B)</translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation>全选(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Go to Offset…</source>
        <translation>跳转到偏移量(&amp;G)…</translation>
    </message>
</context>
<context>
    <name>sockscope::ui::LogPane</name>
    <message>
        <source>Regex</source>
        <translation>正则</translation>
    </message>
    <message>
        <source>Autoscroll</source>
        <translation>自动滚动</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Filter messages (Ctrl+F)</source>
        <translation>过滤消息（Ctrl+F）</translation>
    </message>
    <message>
        <source>Both directions</source>
        <translation>双向</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>接收</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Save the log to a file as text, CSV or JSON</source>
        <translation>将日志保存为文本、CSV 或 JSON 文件</translation>
    </message>
    <message>
        <source>Text…</source>
        <translation>文本…</translation>
    </message>
    <message>
        <source>One line per message, as a terminal shows a log</source>
        <translation>每条消息一行，与终端中显示日志的方式相同</translation>
    </message>
    <message>
        <source>CSV…</source>
        <translation>CSV…</translation>
    </message>
    <message>
        <source>One row per message, for a spreadsheet; every payload also in base64</source>
        <translation>每条消息一行，便于用电子表格处理；每个载荷另附 Base64 形式</translation>
    </message>
    <message>
        <source>JSON…</source>
        <translation>JSON…</translation>
    </message>
    <message>
        <source>The connection&apos;s URL and its messages, for scripts</source>
        <translation>连接的 URL 及其消息，便于脚本处理</translation>
    </message>
    <message>
        <source>Only the Messages Shown</source>
        <translation>仅限显示的消息</translation>
    </message>
    <message>
        <source>Export the messages the filter shows; off, every message in the log</source>
        <translation>导出过滤后显示的消息；关闭时导出日志中的全部消息</translation>
    </message>
    <message>
        <source>No log is shown.</source>
        <translation>当前未显示任何日志。</translation>
    </message>
    <message>
        <source>Text files (*.txt)</source>
        <translation>文本文件 (*.txt)</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <source>Export Log</source>
        <translation>导出日志</translation>
    </message>
    <message>
        <source>The log was not exported to %1.</source>
        <translation>日志未能导出到 %1。</translation>
    </message>
</context>
<context>
    <name>sockscope::ui::MainWindow</name>
    <message>
        <source>Sockscope</source>
        <translation>Sockscope</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Sockscope</source>
        <translation>关于 Sockscope(&amp;A)</translation>
    </message>
    <message>
        <source>About Sockscope</source>
        <translation>关于 Sockscope</translation>
    </message>
    <message>
        <source>&lt;b&gt;Sockscope %1&lt;/b&gt;&lt;p&gt;A workbench for WebSocket developers.&lt;/p&gt;</source>
        <translation>&lt;b&gt;Sockscope %1&lt;/b&gt;&lt;p&gt;面向 WebSocket 开发者的调试工作台。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;New Connection</source>
        <translation>新建连接(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Close Connection</source>
        <translation>关闭连接(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Connection</source>
        <translation>连接(&amp;C)</translation>
    </message>
    <message>
        <source>Co&amp;nnect</source>
        <translation>连接(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>断开连接(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Send Message</source>
        <translation>发送消息(&amp;S)</translation>
    </message>
    <message>
        <source>Go to &amp;URL</source>
        <translation>转到 URL(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Filter Messages</source>
        <translation>过滤消息(&amp;F)</translation>
    </message>
    <message>
        <source>The local server did not start: %1</source>
        <translation>本地服务器未能启动：%1</translation>
    </message>
    <message>
        <source>Local server</source>
        <translation>本地服务器</translation>
    </message>
    <message>
        <source>New connection</source>
        <translation>新连接</translation>
    </message>
    <message>
        <source>Local server stopped</source>
        <translation>本地服务器已停止</translation>
    </message>
    <message>
        <source>Sa&amp;ve Connection</source>
        <translation>保存连接(&amp;V)</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Saved Co&amp;nnections…</source>
        <translation>已保存的连接(&amp;N)…</translation>
    </message>
    <message>
        <source>Copied the sockscope-cli command.</source>
        <translation>已复制 sockscope-cli 命令。</translation>
    </message>
    <message>
        <source>Copied the websocat command.</source>
        <translation>已复制 websocat 命令。</translation>
    </message>
    <message>
        <source>permessage-deflate (websocat has no option for it)</source>
        <translation>permessage-deflate（websocat 没有对应的选项）</translation>
    </message>
    <message>
        <source>the proxy</source>
        <translation>代理</translation>
    </message>
    <message>
        <source>the CA and client certificate files</source>
        <translation>CA 证书和客户端证书文件</translation>
    </message>
    <message>
        <source>the keep-alive ping</source>
        <translation>保活 Ping</translation>
    </message>
    <message>
        <source>reconnecting</source>
        <translation>断线重连</translation>
    </message>
    <message>
        <source>headers whose name holds &apos;:&apos; or a line break</source>
        <translation>名称中含有 &apos;:&apos; 或换行符的头字段</translation>
    </message>
    <message>
        <source>Not in it: %1.</source>
        <translation>命令中未包含：%1。</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>丢弃</translation>
    </message>
    <message>
        <source>&amp;Open Session…</source>
        <translation>打开会话(&amp;O)…</translation>
    </message>
    <message>
        <source>Open Session</source>
        <translation>打开会话</translation>
    </message>
    <message>
        <source>Sessions, HAR files and captures (*.sksession *.har *.pcapng *.pcap);;Sockscope sessions (*.sksession);;HAR files (*.har);;Packet captures (*.pcapng *.pcap);;All files (*)</source>
        <translation>会话、HAR 文件和抓包文件 (*.sksession *.har *.pcapng *.pcap);;Sockscope 会话 (*.sksession);;HAR 文件 (*.har);;抓包文件 (*.pcapng *.pcap);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Save &amp;Recording As…</source>
        <translation>录制另存为(&amp;R)…</translation>
    </message>
    <message>
        <source>Save Recording</source>
        <translation>保存录制</translation>
    </message>
    <message>
        <source>Sockscope sessions (*.sksession)</source>
        <translation>Sockscope 会话 (*.sksession)</translation>
    </message>
    <message>
        <source>Saved the recording to %1</source>
        <translation>已将录制保存到 %1</translation>
    </message>
    <message>
        <source>The recording was not saved: %1</source>
        <translation>录制未保存：%1</translation>
    </message>
    <message>
        <source>Nothing was copied: the connection has no URL.</source>
        <translation>未复制任何内容：该连接没有 URL。</translation>
    </message>
    <message>
        <source>Copy as sockscope-cli Command</source>
        <translation>复制为 sockscope-cli 命令</translation>
    </message>
    <message>
        <source>URL, subprotocols, Origin, headers and deflate as a sockscope-cli connect command line</source>
        <translation>将 URL、子协议、Origin、头字段和 deflate 设置复制为 sockscope-cli connect 命令行</translation>
    </message>
    <message>
        <source>Copy as websocat Command</source>
        <translation>复制为 websocat 命令</translation>
    </message>
    <message>
        <source>URL, subprotocols, Origin and headers as a websocat command line; websocat has no permessage-deflate, so the command connects without it</source>
        <translation>将 URL、子协议、Origin 和头字段复制为 websocat 命令行；websocat 不支持 permessage-deflate，因此该命令连接时不使用它</translation>
    </message>
    <message>
        <source>Sockscope did not exit cleanly last time. What it recorded (%1 in %2 file(s), last written %3) can be opened again.</source>
        <translation>Sockscope 上次未正常退出。它录制的内容（%2 个文件，共 %1，最后写入于 %3）可以重新打开。</translation>
    </message>
    <message>
        <source>Connections are not being recorded: %1</source>
        <translation>连接未被录制：%1</translation>
    </message>
    <message>
        <source>Recording stopped: %1</source>
        <translation>录制已停止：%1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Recover Recording</source>
        <translation>恢复录制</translation>
    </message>
    <message>
        <source>Some recordings could not be recovered:
%1</source>
        <translation>部分录制无法恢复：
%1</translation>
    </message>
    <message>
        <source>Recovered recordings are kept in %1; save a copy to keep one elsewhere.</source>
        <translation>恢复的录制保存在 %1 中；如需保存到其他位置，请另存一份副本。</translation>
    </message>
    <message>
        <source>Mock This Server</source>
        <translation>模拟此服务器</translation>
    </message>
    <message>
        <source>%1 cannot be opened. %2</source>
        <translation>无法打开 %1。%2</translation>
    </message>
    <message>
        <source>Local server %1 (%2) · %3</source>
        <translation>本地服务器 %1（%2）· %3</translation>
    </message>
</context>
<context>
    <name>sockscope::ui::MessageDetails</name>
    <message>
        <source>Format JSON</source>
        <translation>格式化 JSON</translation>
    </message>
    <message>
        <source>Indent JSON payloads; member order and numbers stay as received</source>
        <translation>缩进 JSON 载荷；成员顺序和数字保持收到时的原样</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Hex</source>
        <translation>十六进制</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Frames</source>
        <translation>帧</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy as text</source>
        <translation>复制为文本</translation>
    </message>
    <message>
        <source>Copy as hex</source>
        <translation>复制为十六进制</translation>
    </message>
    <message>
        <source>Copy as base64</source>
        <translation>复制为 Base64</translation>
    </message>
    <message>
        <source>Save payload…</source>
        <translation>保存载荷…</translation>
    </message>
    <message>
        <source>Save payload</source>
        <translation>保存载荷</translation>
    </message>
    <message>
        <source>Select a message to see it here.</source>
        <translation>选择一条消息，即可在此查看。</translation>
    </message>
    <message>
        <source>%1 %2, %3, at %4</source>
        <translation>%1 %2，%3，时间 %4</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>接收</translation>
    </message>
    <message>
        <source>, %1 frames</source>
        <translation>，%1 帧</translation>
    </message>
    <message>
        <source> — payload released to stay within the log&apos;s memory budget</source>
        <translation>——载荷已释放，以免日志超出内存预算</translation>
    </message>
    <message>
        <source>%1, %2 × %3</source>
        <translation>%1，%2 × %3</translation>
    </message>
    <message>
        <source>Showing the first %1 of %2 bytes; the Hex tab shows all of them.</source>
        <translation>仅显示 %2 字节中的前 %1 字节；“十六进制”标签页显示全部字节。</translation>
    </message>
    <message>
        <source>Binary payload shown as UTF-8; see the Hex tab for the exact bytes.</source>
        <translation>二进制载荷按 UTF-8 显示；确切的字节请查看“十六进制”标签页。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>sockscope::ui::MessageLogModel</name>
    <message>
        <source>The regular expression is not valid at position %1: %2</source>
        <translation>正则表达式在位置 %1 处无效：%2</translation>
    </message>
    <message>
        <source>↑ sent</source>
        <translation>↑ 发送</translation>
    </message>
    <message>
        <source>↓ received</source>
        <translation>↓ 接收</translation>
    </message>
    <message>
        <source> (%1 µs)</source>
        <translation>（%1 µs）</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>binary</source>
        <translation>二进制</translation>
    </message>
    <message>
        <source>ping</source>
        <translation>Ping</translation>
    </message>
    <message>
        <source>pong</source>
        <translation>Pong</translation>
    </message>
    <message>
        <source>close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>continuation</source>
        <translation>延续帧</translation>
    </message>
    <message>
        <source>reserved 0x%1</source>
        <translation>保留 0x%1</translation>
    </message>
    <message>
        <source>%1 (%2 compressed)</source>
        <translation>%1（压缩后 %2）</translation>
    </message>
    <message>
        <source>(payload released to stay within the log&apos;s memory budget)</source>
        <translation>（载荷已释放，以免日志超出内存预算）</translation>
    </message>
    <message>
        <source>no status code</source>
        <translation>无状态码</translation>
    </message>
    <message>
        <source>malformed body: %1</source>
        <translation>主体格式错误：%1</translation>
    </message>
    <message>
        <source>(no payload)</source>
        <translation>（无载荷）</translation>
    </message>
</context>
<context>
    <name>sockscope::ui::PayloadEditor</name>
    <message>
        <source>1 byte</source>
        <translation>1 字节</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 字节</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式化</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>Binary (hex)</source>
        <translation>二进制（十六进制）</translation>
    </message>
    <message>
        <source>Binary (base64)</source>
        <translation>二进制（Base64）</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>How the payload is written and sent: text and JSON go as text messages, the others as binary messages</source>
        <translation>载荷的编写与发送方式：文本和 JSON 以文本消息发送，其余以二进制消息发送</translation>
    </message>
    <message>
        <source>Indent the JSON, keeping member order and numbers as written</source>
        <translation>缩进 JSON，成员顺序和数字保持书写时的原样</translation>
    </message>
    <message>
        <source>Message text</source>
        <translation>消息文本</translation>
    </message>
    <message>
        <source>Hex bytes: 48 65 6c 6c 6f, 0x48,0x65 or \x48\x65</source>
        <translation>十六进制字节：48 65 6c 6c 6f、0x48,0x65 或 \x48\x65</translation>
    </message>
    <message>
        <source>File to send as one binary message</source>
        <translation>要作为一条二进制消息发送的文件</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Base64, standard or URL-safe alphabet</source>
        <translation>Base64，标准字母表或 URL 安全字母表</translation>
    </message>
    <message>
        <source>JSON text</source>
        <translation>JSON 文本</translation>
    </message>
    <message>
        <source>Send a file</source>
        <translation>发送文件</translation>
    </message>
    <message>
        <source> of UTF-8 text</source>
        <translation>的 UTF-8 文本</translation>
    </message>
    <message>
        <source>Not valid JSON at character %1: %2</source>
        <translation>JSON 在第 %1 个字符处无效：%2</translation>
    </message>
    <message>
        <source>Valid JSON, %1</source>
        <translation>有效的 JSON，%1</translation>
    </message>
    <message>
        <source>Not hex: %1</source>
        <translation>不是有效的十六进制：%1</translation>
    </message>
    <message>
        <source>Not base64: %1</source>
        <translation>不是有效的 Base64：%1</translation>
    </message>
    <message>
        <source>Choose a file to send.</source>
        <translation>请选择要发送的文件。</translation>
    </message>
    <message>
        <source>%1 is not a readable file.</source>
        <translation>%1 不是可读取的文件。</translation>
    </message>
    <message>
        <source>%1, sent as one binary message</source>
        <translation>%1，作为一条二进制消息发送</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
</context>
<context>
    <name>sockscope::ui::RawFrameEditor</name>
    <message>
        <source>FIN</source>
        <translation>FIN</translation>
    </message>
    <message>
        <source>RSV1</source>
        <translation>RSV1</translation>
    </message>
    <message>
        <source>RSV2</source>
        <translation>RSV2</translation>
    </message>
    <message>
        <source>RSV3</source>
        <translation>RSV3</translation>
    </message>
    <message>
        <source>Mask</source>
        <translation>掩码</translation>
    </message>
    <message>
        <source>Send even though it breaks RFC 6455</source>
        <translation>即使违反 RFC 6455 也发送</translation>
    </message>
    <message>
        <source>Send frame</source>
        <translation>发送帧</translation>
    </message>
    <message>
        <source>random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>Four bytes in hex, e.g. 37 fa 21 3d; empty for a fresh random key</source>
        <translation>四个字节的十六进制，例如 37 fa 21 3d；留空则每次使用新的随机掩码键</translation>
    </message>
    <message>
        <source>Minimal</source>
        <translation>最短</translation>
    </message>
    <message>
        <source>7-bit</source>
        <translation>7 位</translation>
    </message>
    <message>
        <source>16-bit (126)</source>
        <translation>16 位（126）</translation>
    </message>
    <message>
        <source>64-bit (127)</source>
        <translation>64 位（127）</translation>
    </message>
    <message>
        <source>Opcode</source>
        <translation>操作码</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>长度</translation>
    </message>
    <message>
        <source>The mask key must be 4 bytes of hex, e.g. 37 fa 21 3d.</source>
        <translation>掩码键必须是 4 个字节的十六进制，例如 37 fa 21 3d。</translation>
    </message>
    <message>
        <source>A %1-byte payload does not fit that length encoding.</source>
        <translation>%1 字节的载荷无法用该长度编码表示。</translation>
    </message>
    <message>
        <source>Valid frame: %1 header bytes + %2 payload bytes.</source>
        <translation>有效帧：%1 字节帧头 + %2 字节载荷。</translation>
    </message>
    <message>
        <source>The peer will fail the connection: %1 (%2). Close code %3.</source>
        <translation>对端将使连接失败：%1（%2）。关闭码 %3。</translation>
    </message>
    <message>
        <source>Send invalid frame</source>
        <translation>发送无效帧</translation>
    </message>
    <message>
        <source>The frame&apos;s header as it goes on the wire; ·· stands for a byte of the random mask key, drawn when the frame is sent</source>
        <translation>帧头在线路上的字节；·· 表示随机掩码密钥的一个字节，在发送帧时生成</translation>
    </message>
</context>
<context>
    <name>sockscope::ui::ReplayPanel</name>
    <message>
        <source>Step by step</source>
        <translation>逐条回放</translation>
    </message>
    <message>
        <source>Compare as JSON</source>
        <translation>按 JSON 比较</translation>
    </message>
    <message>
        <source>Skip certificate verification for this replay</source>
        <translation>本次回放跳过证书验证</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>回放</translation>
    </message>
    <message>
        <source>Send next</source>
        <translation>发送下一条</translation>
    </message>
    <message>
        <source>%1×</source>
        <translation>%1×</translation>
    </message>
    <message>
        <source>As fast as possible</source>
        <translation>尽快发送</translation>
    </message>
    <message>
        <source>JSON paths to leave out, e.g. $.id, $..timestamp, $.items[*].ts</source>
        <translation>比较时忽略的 JSON 路径，例如 $.id, $..timestamp, $.items[*].ts</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>Skip certificate checks</source>
        <translation>跳过证书检查</translation>
    </message>
    <message>
        <source>For this replay only: certificate errors of the server are ignored</source>
        <translation>仅限本次回放：忽略服务器的证书错误</translation>
    </message>
    <message>
        <source>The differences of the selected response, by JSON path</source>
        <translation>选中响应的差异，按 JSON 路径列出</translation>
    </message>
    <message>
        <source>Select a connection to replay.</source>
        <translation>请选择要回放的连接。</translation>
    </message>
    <message>
        <source>“%1” is not a ws:// or wss:// URL.</source>
        <translation>“%1”不是 ws:// 或 wss:// URL。</translation>
    </message>
    <message>
        <source>These paths cannot be used: %1</source>
        <translation>以下路径无法使用：%1</translation>
    </message>
    <message>
        <source>Could not connect to %1: %2</source>
        <translation>无法连接到 %1：%2</translation>
    </message>
    <message>
        <source>All %1 responses matched (%2 messages sent to %3).</source>
        <translation>全部 %1 个响应均一致（已向 %3 发送 %2 条消息）。</translation>
    </message>
    <message>
        <source>%1 of %2 responses matched; %3 messages sent to %4.</source>
        <translation>%2 个响应中有 %1 个一致；已向 %4 发送 %3 条消息。</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>Sent %1 of %2 · %3 of %4 responses matched so far</source>
        <translation>已发送 %1/%2 · 目前 %4 个响应中有 %3 个一致</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>%1: recorded %2, received %3</source>
        <translation>%1：录制的为 %2，收到的为 %3</translation>
    </message>
    <message>
        <source>No differences.</source>
        <translation>没有差异。</translation>
    </message>
</context>
<context>
    <name>sockscope::ui::ReplayResultsModel</name>
    <message>
        <source>matched</source>
        <translation>一致</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <source>extra</source>
        <translation>多余</translation>
    </message>
    <message>
        <source>differs</source>
        <translation>不同</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Recorded response</source>
        <translation>录制的响应</translation>
    </message>
    <message>
        <source>Received now</source>
        <translation>本次收到</translation>
    </message>
    <message>
        <source>Differences</source>
        <translation>差异</translation>
    </message>
</context>
<context>
    <name>sockscope::ui::SavedConnectionsDialog</name>
    <message>
        <source>permessage-deflate</source>
        <translation>permessage-deflate</translation>
    </message>
    <message>
        <source>Saved Connections</source>
        <translation>已保存的连接</translation>
    </message>
    <message>
        <source>subprotocols, comma-separated</source>
        <translation>子协议，以逗号分隔</translation>
    </message>
    <message>
        <source>Origin (none)</source>
        <translation>Origin（无）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Subprotocols</source>
        <translation>子协议</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>Origin</translation>
    </message>
    <message>
        <source>Open in a new tab</source>
        <translation>在新标签页中打开</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>复制一份</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Reconnect with backoff</source>
        <translation>断线后退避重连</translation>
    </message>
    <message>
        <source>No proxy</source>
        <translation>不使用代理</translation>
    </message>
    <message>
        <source>System proxy</source>
        <translation>系统代理</translation>
    </message>
    <message>
        <source>HTTP CONNECT</source>
        <translation>HTTP CONNECT</translation>
    </message>
    <message>
        <source>SOCKS5</source>
        <translation>SOCKS5</translation>
    </message>
    <message>
        <source>host:port</source>
        <translation>主机:端口</translation>
    </message>
    <message>
        <source>User (none); the password is asked for</source>
        <translation>用户（无）；密码在连接时询问</translation>
    </message>
    <message>
        <source>Extra CA certificates (PEM file), for this connection</source>
        <translation>额外的 CA 证书（PEM 文件），仅用于此连接</translation>
    </message>
    <message>
        <source>Client certificate: PEM or PKCS#12 (.p12, .pfx) file</source>
        <translation>客户端证书：PEM 或 PKCS#12（.p12、.pfx）文件</translation>
    </message>
    <message>
        <source>Private key (PEM), when not in the certificate file</source>
        <translation>私钥（PEM），不在证书文件中时填写</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>代理</translation>
    </message>
    <message>
        <source>Trust</source>
        <translation>信任</translation>
    </message>
    <message>
        <source>Client certificate</source>
        <translation>客户端证书</translation>
    </message>
    <message>
        <source>Private key</source>
        <translation>私钥</translation>
    </message>
    <message>
        <source>Keep-alive ping</source>
        <translation>保活 Ping</translation>
    </message>
</context>
<context>
    <name>sockscope::ui::SavedConnectionsModel</name>
    <message>
        <source>%1 (copy)</source>
        <translation>%1（副本）</translation>
    </message>
</context>
<context>
    <name>sockscope::ui::SenderPanel</name>
    <message>
        <source>Ping between fragments</source>
        <translation>分片之间发送 Ping</translation>
    </message>
    <message>
        <source>no fragments</source>
        <translation>不分片</translation>
    </message>
    <message>
        <source> bytes</source>
        <translation> 字节</translation>
    </message>
    <message>
        <source>Split the message into frames of this many payload bytes</source>
        <translation>按此载荷字节数将消息拆分为多个帧</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <source>Wait this long between fragments</source>
        <translation>每两个分片之间等待的时长</translation>
    </message>
    <message>
        <source>× </source>
        <translation>× </translation>
    </message>
    <message>
        <source>every </source>
        <translation>每 </translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Send the message (Ctrl+Enter)</source>
        <translation>发送消息（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Fragments of</source>
        <translation>分片大小</translation>
    </message>
    <message>
        <source>delay</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation>重复</translation>
    </message>
    <message>
        <source>Payload (text, at most 125 bytes)</source>
        <translation>载荷（文本，最多 125 字节）</translation>
    </message>
    <message>
        <source>Ping</source>
        <translation>Ping</translation>
    </message>
    <message>
        <source>Pong</source>
        <translation>Pong</translation>
    </message>
    <message>
        <source>1005 — no status code (empty close frame)</source>
        <translation>1005 — 无状态码（空关闭帧）</translation>
    </message>
    <message>
        <source>A registered code, or type any code from 3000 to 4999</source>
        <translation>选择已注册的关闭码，或输入 3000 到 4999 之间的任意关闭码</translation>
    </message>
    <message>
        <source>Reason (UTF-8, at most 123 bytes)</source>
        <translation>原因（UTF-8，最多 123 字节）</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Ping / pong</source>
        <translation>Ping / Pong</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Ping / Close</source>
        <translation>Ping / 关闭</translation>
    </message>
    <message>
        <source>Raw frame</source>
        <translation>原始帧</translation>
    </message>
    <message>
        <source>%1 cannot be sent: use a registered code or one from 3000 to 4999 (RFC 6455 7.4).</source>
        <translation>无法发送 %1：请使用已注册的关闭码，或 3000 到 4999 之间的关闭码（RFC 6455 7.4）。</translation>
    </message>
    <message>
        <source>The reason is %1 bytes of UTF-8; a close frame has room for 123.</source>
        <translation>原因为 %1 字节的 UTF-8；关闭帧最多只能容纳 123 字节。</translation>
    </message>
    <message>
        <source>A close frame without a status code cannot carry a reason.</source>
        <translation>不带状态码的关闭帧不能携带原因。</translation>
    </message>
    <message>
        <source>Templates saved for this connection, then what was sent, newest first</source>
        <translation>此连接保存的模板，然后是已发送的消息，最新的在前</translation>
    </message>
    <message>
        <source>Save as template…</source>
        <translation>另存为模板…</translation>
    </message>
    <message>
        <source>Save as template</source>
        <translation>另存为模板</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Templates and history (%1 + %2)</source>
        <translation>模板与历史（%1 + %2）</translation>
    </message>
    <message>
        <source>The reason is not valid UTF-8.</source>
        <translation>原因不是有效的 UTF-8。</translation>
    </message>
</context>
<context>
    <name>sockscope::ui::ServerClientsModel</name>
    <message>
        <source>refused: %1</source>
        <translation>已拒绝：%1</translation>
    </message>
    <message>
        <source>%1 in / %2 out</source>
        <translation>收 %1 / 发 %2</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>Origin</translation>
    </message>
    <message>
        <source>Subprotocol</source>
        <translation>子协议</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>消息</translation>
    </message>
</context>
<context>
    <name>sockscope::ui::ServerTab</name>
    <message>
        <source>Restart</source>
        <translation>重启</translation>
    </message>
    <message>
        <source>Never answer pings</source>
        <translation>不应答 Ping</translation>
    </message>
    <message>
        <source>Stop reading (backpressure)</source>
        <translation>停止读取（背压）</translation>
    </message>
    <message>
        <source>127.0.0.1 keeps the server to this machine; 0.0.0.0 opens it to the network</source>
        <translation>127.0.0.1 仅限本机访问；0.0.0.0 向网络开放</translation>
    </message>
    <message>
        <source>Echo</source>
        <translation>回显</translation>
    </message>
    <message>
        <source>Sink (only log)</source>
        <translation>接收并丢弃（仅记录）</translation>
    </message>
    <message>
        <source>Broadcast</source>
        <translation>广播</translation>
    </message>
    <message>
        <source>Relay to upstream</source>
        <translation>中继到上游</translation>
    </message>
    <message>
        <source>Upstream ws:// or wss:// URL (relay)</source>
        <translation>上游 ws:// 或 wss:// URL（中继）</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>accept</source>
        <translation>接受</translation>
    </message>
    <message>
        <source>Answer every upgrade with this HTTP status</source>
        <translation>以此 HTTP 状态码应答每个升级请求</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从不</translation>
    </message>
    <message>
        <source>Fault injection</source>
        <translation>故障注入</translation>
    </message>
    <message>
        <source>Refuse with</source>
        <translation>以状态码拒绝</translation>
    </message>
    <message>
        <source>Delay answers</source>
        <translation>延迟应答</translation>
    </message>
    <message>
        <source>Drop every</source>
        <translation>丢弃（每 N 条一次）</translation>
    </message>
    <message>
        <source>Reset TCP after</source>
        <translation>重置 TCP（第 N 条消息时）</translation>
    </message>
    <message>
        <source>Remove finished clients</source>
        <translation>移除已结束的客户端</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Handshake</source>
        <translation>握手</translation>
    </message>
    <message>
        <source>Send to selected client</source>
        <translation>发送给选中的客户端</translation>
    </message>
    <message>
        <source>Send to all</source>
        <translation>发送给全部客户端</translation>
    </message>
    <message>
        <source>%1 is not an IP address.</source>
        <translation>%1 不是 IP 地址。</translation>
    </message>
    <message>
        <source>No certificate: %1</source>
        <translation>没有证书：%1</translation>
    </message>
    <message>
        <source>The server did not start: %1</source>
        <translation>服务器未能启动：%1</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>启动</translation>
    </message>
    <message>
        <source>The server did not start</source>
        <translation>服务器未能启动</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <source>Mock a recorded server</source>
        <translation>模拟录制的服务器</translation>
    </message>
    <message>
        <source>Recorded timing</source>
        <translation>按录制的时间间隔</translation>
    </message>
    <message>
        <source>Answer at once</source>
        <translation>立即应答</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Session to Mock</source>
        <translation>要模拟的会话</translation>
    </message>
    <message>
        <source>Sockscope sessions (*.sksession)</source>
        <translation>Sockscope 会话 (*.sksession)</translation>
    </message>
    <message>
        <source>Session file whose server side is played</source>
        <translation>会话文件（播放其中的服务器端）</translation>
    </message>
    <message>
        <source>Choose the session file whose server side the mock plays.</source>
        <translation>请选择会话文件，模拟服务器将播放其中的服务器端。</translation>
    </message>
    <message>
        <source>%1 cannot be opened: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <source>The session has no connection %1.</source>
        <translation>该会话中没有连接 %1。</translation>
    </message>
    <message>
        <source>Connection %1 of the session was never opened: there is no server side to play.</source>
        <translation>该会话的连接 %1 从未打开：没有可播放的服务器端。</translation>
    </message>
    <message>
        <source>The session holds no connection that was opened: there is no server side to play.</source>
        <translation>该会话中没有打开过的连接：没有可播放的服务器端。</translation>
    </message>
    <message>
        <source>playing connection %1 of %2 (%3)</source>
        <translation>正在播放 %2 中的连接 %1（%3）</translation>
    </message>
    <message>
        <source>Mock: %1.</source>
        <translation>模拟：%1。</translation>
    </message>
    <message>
        <source>Listening on %1 — %2 connected. A browser can open %3 for a test page.</source>
        <translation>正在监听 %1，已连接 %2。在浏览器中打开 %3 可访问测试页面。</translation>
    </message>
    <message>
        <source>1 client</source>
        <translation>1 个客户端</translation>
    </message>
    <message>
        <source>%1 clients</source>
        <translation>%1 个客户端</translation>
    </message>
    <message>
        <source>wss://</source>
        <translation>wss://</translation>
    </message>
    <message>
        <source>Serve over TLS, with the certificate files given or, without them, a self-signed certificate for localhost, 127.0.0.1 and ::1 made at start</source>
        <translation>通过 TLS 提供服务：使用给定的证书文件；未给定时，在启动时为 localhost、127.0.0.1 和 ::1 生成自签名证书</translation>
    </message>
    <message>
        <source>Certificate (none: self-signed)</source>
        <translation>证书（留空：自签名）</translation>
    </message>
    <message>
        <source>Key, if separate</source>
        <translation>私钥（若单独存放）</translation>
    </message>
    <message>
        <source>Server Certificate</source>
        <translation>服务器证书</translation>
    </message>
    <message>
        <source>Private Key</source>
        <translation>私钥</translation>
    </message>
    <message>
        <source>The server&apos;s certificate: a PEM file (its chain after it) or a PKCS#12 file (.p12, .pfx); empty: a self-signed certificate made at start</source>
        <translation>服务器证书：PEM 文件（证书链随后）或 PKCS#12 文件（.p12、.pfx）；留空：启动时生成自签名证书</translation>
    </message>
    <message>
        <source>The private key (PEM, unencrypted), when it is not in the certificate file</source>
        <translation>私钥（PEM，未加密），当它不在证书文件中时</translation>
    </message>
    <message>
        <source>Certificate: %1
SHA-256 fingerprint: %2</source>
        <translation>证书：%1
SHA-256 指纹：%2</translation>
    </message>
    <message>
        <source>The server did not start: the passphrase of %1 was not given.</source>
        <translation>服务器未启动：未提供 %1 的密码短语。</translation>
    </message>
    <message>
        <source>any: the client&apos;s first offer</source>
        <translation>任意：客户端的首选</translation>
    </message>
    <message>
        <source>Subprotocols this server speaks, comma-separated: the first one the client offers that is on the list is chosen</source>
        <translation>本服务器支持的子协议，以逗号分隔：选择客户端提供的、且在列表中的第一个</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>必需</translation>
    </message>
    <message>
        <source>Refuse (400) a client that offers none of these subprotocols</source>
        <translation>拒绝（400）未提供这些子协议中任何一个的客户端</translation>
    </message>
    <message>
        <source>any</source>
        <translation>任意</translation>
    </message>
    <message>
        <source>Origins allowed, comma-separated, e.g. https://app.example; others are refused with 403</source>
        <translation>允许的 Origin，以逗号分隔，例如 https://app.example；其他的以 403 拒绝</translation>
    </message>
    <message>
        <source> MiB</source>
        <translation> MiB</translation>
    </message>
    <message>
        <source>A client that sends a larger message or frame is closed with 1009</source>
        <translation>发送更大消息或帧的客户端将以 1009 关闭</translation>
    </message>
    <message>
        <source>Handshake and limits, for the clients that connect next</source>
        <translation>握手与限制，适用于接下来连接的客户端</translation>
    </message>
    <message>
        <source>Subprotocols</source>
        <translation>子协议</translation>
    </message>
    <message>
        <source>Origins</source>
        <translation>Origin</translation>
    </message>
    <message>
        <source>Largest message</source>
        <translation>最大消息</translation>
    </message>
</context>
<context>
    <name>sockscope::ui::SessionConnectionsModel</name>
    <message>
        <source>%1 (peer %2)</source>
        <translation>%1（对端 %2）</translation>
    </message>
    <message>
        <source>client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>not opened</source>
        <translation>未打开</translation>
    </message>
    <message>
        <source>no close recorded</source>
        <translation>未录制到关闭</translation>
    </message>
    <message>
        <source>%1%2 · %3</source>
        <translation>%1%2 · %3</translation>
    </message>
    <message>
        <source>clean</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>not clean</source>
        <translation>非正常</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Side</source>
        <translation>录制端</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Log entries</source>
        <translation>日志条目</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>sockscope::ui::SessionTab</name>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Save a Copy As…</source>
        <translation>副本另存为…</translation>
    </message>
    <message>
        <source>Save Session</source>
        <translation>保存会话</translation>
    </message>
    <message>
        <source>Sockscope sessions (*.sksession)</source>
        <translation>Sockscope 会话 (*.sksession)</translation>
    </message>
    <message>
        <source>The session was not saved: %1</source>
        <translation>会话未保存：%1</translation>
    </message>
    <message>
        <source>Export as pcapng…</source>
        <translation>导出为 pcapng…</translation>
    </message>
    <message>
        <source>Export as pcapng</source>
        <translation>导出为 pcapng</translation>
    </message>
    <message>
        <source>Packet captures (*.pcapng)</source>
        <translation>抓包文件 (*.pcapng)</translation>
    </message>
    <message>
        <source>Nothing was written: %1</source>
        <translation>未写入任何内容：%1</translation>
    </message>
    <message>
        <source>Export as HAR…</source>
        <translation>导出为 HAR…</translation>
    </message>
    <message>
        <source>Export as HAR</source>
        <translation>导出为 HAR</translation>
    </message>
    <message>
        <source>HAR files (*.har)</source>
        <translation>HAR 文件 (*.har)</translation>
    </message>
    <message>
        <source>Mock This Server</source>
        <translation>模拟此服务器</translation>
    </message>
    <message>
        <source>The local server answers like the recorded server of the selected connection</source>
        <translation>让本地服务器像选中连接中录制的服务器那样应答</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Handshake</source>
        <translation>握手</translation>
    </message>
    <message>
        <source>Notes and close</source>
        <translation>备注与关闭</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>回放</translation>
    </message>
    <message>
        <source>This is not a HAR file that can be read: %1</source>
        <translation>这不是可读取的 HAR 文件：%1</translation>
    </message>
    <message>
        <source>Converted from a HAR file: %1 WebSocket entries (%2 other entries skipped). HAR lists messages, not frames: the frames shown are made from the messages.</source>
        <translation>已从 HAR 文件转换：%1 个 WebSocket 条目（跳过了 %2 个其他条目）。HAR 记录的是消息而不是帧：显示的帧是根据消息生成的。</translation>
    </message>
    <message>
        <source>The file has an error, so it was read up to there: %1</source>
        <translation>文件有错误，已读取到出错处为止：%1</translation>
    </message>
    <message>
        <source>This is not a packet capture that can be read: %1</source>
        <translation>这不是可读取的抓包文件：%1</translation>
    </message>
    <message>
        <source>Imported from a packet capture: %1 packets, %2 TCP streams, %3 WebSocket connections, %4 failed upgrades; %5 TLS and %6 other streams skipped; %7 warnings.</source>
        <translation>已从抓包文件导入：%1 个数据包，%2 条 TCP 流，%3 个 WebSocket 连接，%4 次升级失败；跳过了 %5 条 TLS 流和 %6 条其他流；%7 条警告。</translation>
    </message>
    <message>
        <source>The capture is damaged or cut short, so it was read up to there: %1</source>
        <translation>抓包文件已损坏或被截断，已读取到出错处为止：%1</translation>
    </message>
    <message>
        <source>%1 cannot be opened: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Loading… %1 records, %2 of %3</source>
        <translation>正在加载… %1 条记录，%2/%3</translation>
    </message>
    <message>
        <source>Connections: %1 · records: %2</source>
        <translation>连接：%1 · 记录：%2</translation>
    </message>
    <message>
        <source>Everything before that point is shown: %1</source>
        <translation>出错位置之前的内容均已显示：%1</translation>
    </message>
    <message>
        <source>The recording was not finished (a journal or a file still being written); it ends after its last whole record. %1</source>
        <translation>录制未完成（录制日志或仍在写入的文件）；内容截止到最后一条完整记录。%1</translation>
    </message>
    <message>
        <source>at byte %1 (record %2)</source>
        <translation>（位于第 %1 字节，第 %2 条记录）</translation>
    </message>
    <message>
        <source>This is not a Sockscope session file: %1.</source>
        <translation>这不是 Sockscope 会话文件：%1。</translation>
    </message>
    <message>
        <source>This session file was written by a later Sockscope (%1); update to open it.</source>
        <translation>此会话文件由更新版本的 Sockscope（%1）写入；请升级后再打开。</translation>
    </message>
    <message>
        <source>The file ends in the middle of a record %1: %2.</source>
        <translation>文件在一条记录的中途结束%1：%2。</translation>
    </message>
    <message>
        <source>The file is damaged %1: the checksum does not match.</source>
        <translation>文件已损坏%1：校验和不匹配。</translation>
    </message>
    <message>
        <source>The file is damaged %1: %2.</source>
        <translation>文件已损坏%1：%2。</translation>
    </message>
    <message>
        <source>Reading stopped %1: %2.</source>
        <translation>读取中止%1：%2。</translation>
    </message>
    <message>
        <source>Connection %1, recorded at the %2 side</source>
        <translation>连接 %1，录制于%2</translation>
    </message>
    <message>
        <source>client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>URL: %1</source>
        <translation>URL：%1</translation>
    </message>
    <message>
        <source>Local %1, peer %2</source>
        <translation>本地 %1，对端 %2</translation>
    </message>
    <message>
        <source>Subprotocols offered: %1</source>
        <translation>提供的子协议：%1</translation>
    </message>
    <message>
        <source>permessage-deflate offered</source>
        <translation>提供了 permessage-deflate</translation>
    </message>
    <message>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>protocol violation</source>
        <translation>协议违规</translation>
    </message>
    <message>
        <source>note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>%1  closed: code %2%3, reason “%4”, wasClean %5, closed by %6</source>
        <translation>%1  已关闭：关闭码 %2%3，原因“%4”，wasClean %5，关闭方：%6</translation>
    </message>
    <message>
        <source>this side</source>
        <translation>本端</translation>
    </message>
    <message>
        <source>the peer</source>
        <translation>对端</translation>
    </message>
    <message>
        <source>neither (the connection dropped)</source>
        <translation>无（连接已中断）</translation>
    </message>
    <message>
        <source>    sent close: code %1, reason “%2”</source>
        <translation>    发出的关闭帧：关闭码 %1，原因“%2”</translation>
    </message>
    <message>
        <source>    the peer broke a rule: %1 (%2)</source>
        <translation>    对端违反了规则：%1（%2）</translation>
    </message>
    <message>
        <source>No close was recorded: the recording ended while the connection was open.</source>
        <translation>未录制到关闭：录制结束时连接仍处于打开状态。</translation>
    </message>
    <message>
        <source>The payload could not be read again from the file: %1</source>
        <translation>无法从文件重新读取载荷：%1</translation>
    </message>
</context>
<context>
    <name>sockscope::ui::SideBySideDiff</name>
    <message>
        <source>Recorded</source>
        <translation>录制的内容</translation>
    </message>
    <message>
        <source>Received now</source>
        <translation>本次收到的内容</translation>
    </message>
    <message>
        <source>The same, line for line.</source>
        <translation>逐行比较，完全相同。</translation>
    </message>
    <message>
        <source>%1 changed, %2 only recorded, %3 only received now (lines)</source>
        <translation>%1 行有改动，%2 行仅在录制的内容中，%3 行仅在本次收到的内容中</translation>
    </message>
</context>
<context>
    <name>sockscope::ui::StatsPlot</name>
    <message>
        <source>No traffic measured yet.</source>
        <translation>尚未测得流量。</translation>
    </message>
    <message>
        <source>%1 msg/s and %2/s received · %3 msg/s and %4/s sent</source>
        <translation>接收 %1 条/秒、%2/秒 · 发送 %3 条/秒、%4/秒</translation>
    </message>
    <message>
        <source> · ping RTT %1 ms</source>
        <translation> · Ping 往返 %1 ms</translation>
    </message>
</context>
<context>
    <name>sockscope::ui::TimingBar</name>
    <message>
        <source>DNS %1 ms · TCP %2 ms · TLS %3 ms · HTTP upgrade %4 ms</source>
        <translation>DNS %1 ms · TCP %2 ms · TLS %3 ms · HTTP 升级 %4 ms</translation>
    </message>
    <message>
        <source>DNS</source>
        <translation>DNS</translation>
    </message>
    <message>
        <source>TCP</source>
        <translation>TCP</translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>HTTP</source>
        <translation>HTTP</translation>
    </message>
    <message>
        <source>no timings yet</source>
        <translation>尚无计时</translation>
    </message>
</context>
</TS>
