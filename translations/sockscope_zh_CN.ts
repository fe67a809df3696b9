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
        <source>Clear</source>
        <translation>清空</translation>
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
        <source>%1 is encrypted. Its passphrase:</source>
        <translation>%1 已加密。请输入其密码短语：</translation>
    </message>
    <message>
        <source>The passphrase does not open %1. Try again:</source>
        <translation>该密码短语无法打开 %1。请重试：</translation>
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
        <source>Local server %1 (%2) · %3 clients</source>
        <translation>本地服务器 %1（%2）· %3 个客户端</translation>
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
        <source>wss:// (self-signed certificate)</source>
        <translation>wss://（自签名证书）</translation>
    </message>
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
        <source>Listening on %1 — %2 clients connected. A browser can open %3 for a test page.</source>
        <translation>正在监听 %1，已连接 %2 个客户端。在浏览器中打开 %3 可访问测试页面。</translation>
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
